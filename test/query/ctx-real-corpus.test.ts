/**
 * ctx on a real Python package nobody here wrote: Debian's python3-requests 2.28.1, indexed through the real pipeline
 * (Python analyzer, embeddings, memory backend). Each question is phrased from the requests documentation; the module
 * that implements the answer must be among the top 5 files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_SET } from '../../src/analyzers/registry.js';
import { memoryBackend } from '../../src/backends/memory/memory-backend.js';
import { materializeCorpus } from '../../src/bench/corpus.js';
import type { ReadSession } from '../../src/core/contracts.js';
import { runIndex } from '../../src/core/indexer.js';
import { buildContext } from '../../src/query/ctx.js';

/** Question → files any of which implements the answer. */
const QUESTIONS: readonly (readonly [string, readonly string[]])[] = [
  ['how are cookies persisted across requests in a session', ['requests/sessions.py', 'requests/cookies.py']],
  ['retry failed connections with HTTPAdapter max_retries', ['requests/adapters.py']],
  ['encode multipart form-data file uploads', ['requests/models.py']],
  ['parse the Link header', ['requests/utils.py']],
  ['custom authentication with HTTP digest auth', ['requests/auth.py']],
  ['case-insensitive dictionary for headers', ['requests/structures.py']],
  ['rebuild authorization when following redirects', ['requests/sessions.py']],
  ['raise an exception for HTTP error status codes', ['requests/models.py']],
  ['read credentials from the netrc file', ['requests/utils.py']],
  ['mount a transport adapter for a URL prefix', ['requests/sessions.py']],
];

describe('ctx on python3-requests 2.28.1', () => {
  let stateDir: string;
  let reader: ReadSession;
  beforeAll(async () => {
    const repoRoot = await materializeCorpus({ kind: 'debian', package: 'python3-requests', version: '2.28.1+dfsg-1' });
    stateDir = mkdtempSync(join(tmpdir(), 'codira-requests-'));
    const location = { repoRoot, stateDir };
    const report = await runIndex({ location, backend: memoryBackend, analyzers: ANALYZER_SET, workers: 0 });
    expect(report.failed).toEqual([]);
    expect(report.indexed).toBeGreaterThan(15);
    reader = await memoryBackend.openReader(location);
  });
  afterAll(async () => {
    await reader?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it.each(QUESTIONS)('%j → %j in the top 5 files', async (question, expected) => {
    const result = await buildContext(reader, question, 10);
    const top5 = result.files.slice(0, 5).map((f) => f.path);
    expect(
      top5.filter((path) => expected.includes(path)),
      `top 5: ${top5.join(', ')}`,
    ).not.toEqual([]);
  });

  it('names the implementing symbols first for precise questions', async () => {
    const link = await buildContext(reader, 'parse the Link header', 3);
    expect(link.symbols[0]!.qualifiedName).toBe('requests.utils.parse_header_links');
    const multipart = await buildContext(reader, 'encode multipart form-data file uploads', 3);
    expect(multipart.symbols[0]!.qualifiedName).toBe('requests.models.RequestEncodingMixin._encode_files');
  });
});
