/* global process, console, setTimeout, URL */
import { Client } from '/work/main/node_modules/@modelcontextprotocol/sdk/dist/esm/client/index.js';
import { StdioClientTransport } from '/work/main/node_modules/@modelcontextprotocol/sdk/dist/esm/client/stdio.js';
import { performance } from 'node:perf_hooks';
const [tree, out, name, mode, tool] = process.argv.slice(2);
const transport = new StdioClientTransport({
  command: process.execPath,
  args: [
    '--require',
    new URL('./server-gc-windows.cjs', import.meta.url).pathname,
    '/work/main/bin/codira.js',
    'mcp',
    '--path',
    tree,
    '--output-dir',
    out,
  ],
  env: { ...process.env, IDLE_GC: mode },
  stderr: 'inherit',
});
const client = new Client({ name: 'gc-probe', version: '1' });
await client.connect(transport);
const ms = [];
for (let i = 0; i < 1300; i++) {
  const t0 = performance.now();
  await client.callTool({ name: tool, arguments: { name } });
  if (i >= 300) ms.push(performance.now() - t0);
}
const p50 = [...ms].sort((a, b) => a - b)[500];
const s = [...ms].sort((a, b) => a - b);
console.log(
  JSON.stringify({
    mode,
    tool,
    p50: p50.toFixed(3),
    p99: s[989].toFixed(3),
    over3: ms.filter((x) => x > 3 * p50).length,
  }),
);
await client.close();
await new Promise((r) => setTimeout(r, 200));
// Session 16 output (networkx, SQLite, load ~8; IDLE_GC=on adds a minor GC after an answer when new space is half full):
// off: p50 0.315 p99 4.505 over 3×p50 90, requests with a server GC inside 1/1001 (21 GCs in the process)
// on:  p50 0.320 p99 3.845 over 75, server-GC requests 2/1001 (idle GCs 0)
// off: p50 0.377 p99 3.501 over 61, 2/1001;  on: p50 0.321 p99 3.529 over 52, 2/1001
