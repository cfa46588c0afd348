/* global process, console, setTimeout */
// Watch latency probe (session 17, s17-watch; after session 14's): one `codira mcp --watch` per build, each on its own
// copy of the tree and index, alternating builds per round. Each round appends a new function to the file and polls
// `sym` (wait 1000) until it is found; the server runs with CODIRA_TRACE=1 and its `TRACE <epoch ms> <cpu ms> <what>`
// lines (see src/core/phases.ts) are kept per sample, as ms after the edit and the server's CPU since the edit.
// Usage: node watch-probe.mjs <backend> <rounds> <gap ms> <edited file (relative)> <label>=<bin.js>,<tree>,<out> ...
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';

const [backend, roundsText, gapText, rel, ...builds] = process.argv.slice(2);
const rounds = Number(roundsText);
const gap = Number(gapText);
let probeNo = Date.now() % 100000;

async function start(bin, tree, out) {
  const transport = new StdioClientTransport({
    command: 'node',
    args: [bin, 'mcp', '--watch', '--path', tree, '--output-dir', out, '--backend', backend],
    stderr: 'pipe',
    env: { ...getDefaultEnvironment(), CODIRA_TRACE: '1' },
  });
  const lines = [];
  const client = new Client({ name: 'probe', version: '1' });
  transport.stderr.on('data', (d) => lines.push(...d.toString().split('\n').filter(Boolean)));
  await client.connect(transport);
  return { client, lines, file: join(tree, rel) };
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
  let polls = 0;
  while ((await sym(server.client, name)) === 0) {
    polls++;
    await new Promise((r) => setTimeout(r, 2));
  }
  const visible = Date.now();
  await new Promise((r) => setTimeout(r, 200)); // trace lines written after the answer
  let cpu0 = null;
  const trace = server.lines
    .filter((l) => l.startsWith('TRACE '))
    .map((l) => {
      const [, at, cpu, ...what] = l.split(' ');
      cpu0 ??= Number(cpu);
      return [Number(at) - edit, Number(cpu) - cpu0, what.join(' ')];
    });
  return { ms: visible - edit, polls, trace };
}

const servers = {};
for (const b of builds) {
  const [label, spec] = b.split('=');
  const [bin, tree, out] = spec.split(',');
  servers[label] = await start(bin, tree, out);
  await servers[label].client.callTool({ name: 'status', arguments: { wait: 120000 } }, undefined, { timeout: 130000 });
  await new Promise((r) => setTimeout(r, gap));
}
const labels = Object.keys(servers);
for (let round = 0; round < rounds; round++) {
  for (const label of round % 2 ? [...labels].reverse() : labels) {
    const result = await sample(servers[label]);
    console.log(JSON.stringify({ backend, label, round, ...result }));
    await new Promise((r) => setTimeout(r, gap));
  }
}
for (const s of Object.values(servers)) await s.client.close();
