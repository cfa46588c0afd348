/* global process, console, setTimeout, URL */
import { Client } from '/work/main/node_modules/@modelcontextprotocol/sdk/dist/esm/client/index.js';
import { StdioClientTransport } from '/work/main/node_modules/@modelcontextprotocol/sdk/dist/esm/client/stdio.js';
import { performance } from 'node:perf_hooks';
const [which, tree, out, name] = process.argv.slice(2);
const args =
  which === 'echo'
    ? [new URL('./echo-server.mjs', import.meta.url).pathname]
    : ['/work/main/bin/codira.js', 'mcp', '--path', tree, '--output-dir', out];
const transport = new StdioClientTransport({ command: process.execPath, args, stderr: 'ignore' });
const client = new Client({ name: 'p', version: '1' });
await client.connect(transport);
const ms = [];
for (let i = 0; i < 1300; i++) {
  const t0 = performance.now();
  await client.callTool({ name: 'sym', arguments: { name } });
  if (i >= 300) ms.push(performance.now() - t0);
}
const s = [...ms].sort((a, b) => a - b);
console.log(
  JSON.stringify({
    which,
    p50: s[500].toFixed(3),
    p99: s[989].toFixed(3),
    ratio: (s[989] / s[500]).toFixed(2),
    over3: ms.filter((x) => x > 3 * s[500]).length,
  }),
);
await client.close();
await new Promise((r) => setTimeout(r, 100));
// Session 16 output (networkx, SQLite, load 7.5–8, 300 warm-ups + 1000 timed sym calls each, alternating):
// echo   p50 0.141 p99 5.789 (×41.1) over 3×p50: 130 | codira p50 0.324 p99 4.702 (×14.5) over: 99
// echo   p50 0.150 p99 7.704 (×51.3) over: 121        | codira p50 0.294 p99 3.082 (×10.5) over: 48
// echo   p50 0.134 p99 3.251 (×24.2) over: 60         | codira p50 0.332 p99 5.572 (×16.8) over: 93
