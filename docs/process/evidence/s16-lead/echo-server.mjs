import { McpServer } from '/work/main/node_modules/@modelcontextprotocol/sdk/dist/esm/server/mcp.js';
import { StdioServerTransport } from '/work/main/node_modules/@modelcontextprotocol/sdk/dist/esm/server/stdio.js';
import { z } from '/work/main/node_modules/zod/index.js';
const s = new McpServer({ name: 'echo', version: '1' });
s.registerTool('sym', { description: 'echo', inputSchema: { name: z.string() } }, async (a) => ({
  content: [{ type: 'text', text: a.name }],
  structuredContent: { result: a.name },
}));
await s.connect(new StdioServerTransport());
