/* global process */
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  const r = await next(url, context);
  if (url.includes('/dist/'))
    appendFileSync(process.env.MODLOG, url.split('/dist/')[1] + ' ' + (r.source ? r.source.length : 0) + '\n');
  return r;
}
