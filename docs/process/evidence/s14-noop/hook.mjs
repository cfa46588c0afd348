import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(`export async function load(url, ctx, next) { if (url.startsWith('file:') || url.startsWith('node:')) process.stderr.write('LOAD ' + url + '\\n'); return next(url, ctx); }`));
