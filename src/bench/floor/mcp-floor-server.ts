/**
 * The `mcp-floor` row's server: `node dist/bench/floor/mcp-floor-server.js` is an MCP server over stdio on the same
 * SDK, zod and transport as `codira mcp` (loaded the same way, with the same V8 tiering after its first answer), with
 * one tool, `sym`, that validates its `name` argument and echoes it back. No index, no query, no rendering.
 *
 * A request to it is the floor of a server request on this machine: the client's work, the pipes, the SDK's JSON-RPC
 * and validation, and the scheduling of two processes. Its tail (p99 against p50) says how much of `mcp-tail`'s
 * budget the machine and the SDK use up before codira does anything (`docs/process/issue-14-execution.md`).
 *
 * @packageDocumentation
 */
import { McpServer, StdioServerTransport, z } from '../../server/sdk.js';
import { tuneTiering } from '../../server/tiering.js';

const server = new McpServer({ name: 'codira-mcp-floor', version: '1.0.0' });
let tuned = false;
server.registerTool(
  'sym',
  { title: 'Echo', description: 'Echo the name back (the floor of a request).', inputSchema: { name: z.string() } },
  (args: { name: string }) => {
    if (!tuned) {
      tuned = true;
      setImmediate(() => void tuneTiering());
    }
    return { content: [{ type: 'text', text: args.name }], structuredContent: { result: { name: args.name } } };
  },
);
await server.connect(new StdioServerTransport());
