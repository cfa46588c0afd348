/* global process, console, setTimeout */
// Session 15 (lead, issue 14): how many of the client's own GC events fall inside timed MCP requests.
// One SDK client against `codira mcp`; counts requests whose timed window contains a GC of this (client) process.
import { Client } from '/work/main/node_modules/@modelcontextprotocol/sdk/dist/esm/client/index.js';
import { StdioClientTransport } from '/work/main/node_modules/@modelcontextprotocol/sdk/dist/esm/client/stdio.js';
import { PerformanceObserver, performance } from 'node:perf_hooks';
const [tree, out, name] = process.argv.slice(2);
const gcs = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push([e.startTime, e.startTime + e.duration, e.detail?.kind]);
}).observe({ entryTypes: ['gc'] });
const transport = new StdioClientTransport({
  command: process.execPath,
  args: ['/work/main/bin/codira.js', 'mcp', '--path', tree, '--output-dir', out],
  stderr: 'ignore',
});
const client = new Client({ name: 'gc-probe', version: '1' });
await client.connect(transport);
const windows = [];
for (let i = 0; i < 1300; i++) {
  const t0 = performance.now();
  await client.callTool({ name: 'sym', arguments: { name } });
  const t1 = performance.now();
  if (i >= 300) windows.push([t0, t1]);
}
await new Promise((r) => setTimeout(r, 50));
const ms = windows.map(([a, b]) => b - a).sort((a, b) => a - b);
const hit = windows.filter(([a, b]) => gcs.some(([s, e]) => s < b && e > a)).length;
const gcIn = gcs.filter(([s]) => s >= windows[0][0]).length;
console.log(
  JSON.stringify({
    flags: process.execArgv.join(' '),
    p50: ms[500].toFixed(3),
    p99: ms[989].toFixed(3),
    requestsWithClientGc: hit,
    clientGcs: gcIn,
  }),
);
await client.close();
