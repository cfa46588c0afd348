/* global process, console, setTimeout */
// Watch latency probe (session 14, s14-watch): alternates builds on one repository copy and prints, per edit, the
// edit → visible time and the server's own trace (CODIRA_TRACE_WATCH=1 builds print `TRACE <epoch ms> <what>` lines).
// Usage: node watch-probe.mjs <out-dir> <backend> <rounds> <edited file (relative)> <tree> <label=bin.js>...
// Each label has its own copies `<tree>-<label>` and `<out-dir>-<label>` (made beforehand), so an edit wakes one server.
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';

const [out, backend, roundsText, rel, tree, ...builds] = process.argv.slice(2);
const rounds = Number(roundsText);
let probeNo = Date.now() % 100000;

async function start(bin, label) {
  const transport = new StdioClientTransport({
    command: 'nice',
    args: [
      '-n',
      '5',
      'node',
      bin,
      'mcp',
      '--watch',
      '--path',
      `${tree}-${label}`,
      '--output-dir',
      `${out}-${label}`,
      '--backend',
      backend,
    ],
    stderr: 'pipe',
    env: { ...getDefaultEnvironment(), CODIRA_TRACE_WATCH: '1' },
  });
  const lines = [];
  const client = new Client({ name: 'probe', version: '1' });
  await client.connect(transport);
  transport.stderr.on('data', (d) => lines.push(...d.toString().split('\n').filter(Boolean)));
  return { client, lines, file: join(`${tree}-${label}`, rel) };
}

async function sym(client, name) {
  const a = await client.callTool({ name: 'sym', arguments: { name, wait: 1000 } });
  return a.structuredContent?.result?.symbols?.length ?? 0;
}

async function sample(server) {
  const name = `codira_watch_probe_${++probeNo}`;
  server.lines.length = 0;
  const edit = Date.now();
  await appendFile(server.file, `\n\ndef ${name}():\n    return ${probeNo}\n`);
  while ((await sym(server.client, name)) === 0) await new Promise((r) => setTimeout(r, 2));
  const visible = Date.now();
  await new Promise((r) => setTimeout(r, 300)); // trace lines after the answer
  const trace = server.lines
    .filter((l) => l.startsWith('TRACE '))
    .map((l) => {
      const [, at, ...what] = l.split(' ');
      return [Number(at) - edit, what.join(' ')];
    });
  return { ms: visible - edit, trace };
}

const servers = {};
for (const b of builds) {
  const [label, bin] = b.split('=');
  servers[label] = await start(bin, label);
  await sym(servers[label].client, 'codira_warm_up'); // the catch-up run ends before the first edit
  await new Promise((r) => setTimeout(r, 1500));
}
const labels = Object.keys(servers);
for (let round = 0; round < rounds; round++) {
  for (const label of round % 2 ? [...labels].reverse() : labels) {
    const result = await sample(servers[label]);
    console.log(JSON.stringify({ backend, label, round, ...result }));
    await new Promise((r) => setTimeout(r, 1500));
  }
}
for (const s of Object.values(servers)) await s.client.close();
