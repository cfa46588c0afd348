/* global process */
import { appendFileSync } from 'node:fs';
/**
 * Module-load hook: log every `dist/` module an index run loads, with its source size, to `$MODLOG`.
 *
 * @param url - The module's URL.
 * @param context - The loader's context.
 * @param next - The next hook.
 * @returns The next hook's result.
 */
export async function load(url, context, next) {
  const r = await next(url, context);
  if (url.includes('/dist/'))
    appendFileSync(process.env.MODLOG, url.split('/dist/')[1] + ' ' + (r.source ? r.source.length : 0) + '\n');
  return r;
}
