import { register } from 'node:module';
register('file:///tmp/s17-rest/hooks.mjs');
