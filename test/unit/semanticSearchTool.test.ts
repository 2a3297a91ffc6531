// The `semantic_search` read tool over a real index and the fake server: `path:line (symbol): preview` per place
// (hybrid with embeddings, keyword-only without), the limit, an unbuilt index as an error that says how to build
// it, and a chat turn where the model calls it — offered with the other read tools, run without approval, its
// result going back to the model as delimited data.
import * as assert from 'node:assert/strict';
import { ChatTools, semanticSearchTool, type ToolRunContext } from '../../src/core';
import { toolScriptMarker } from '../fake-openai/toolScript';
import { createChatHarness } from './helpers/chatHarness';
import { useFakeOpenAI } from './helpers/fakeServer';
import { indexedWorkspace, type IndexedWorkspace } from './helpers/indexedWorkspace';
import { sentChats } from './helpers/toolLoop';

const ctx = (): ToolRunContext => ({
  signal: new AbortController().signal,
  turnId: 't1',
  callId: 'c1',
  approved: false,
  recordEdit: () => undefined,
});

describe('semantic_search tool (workspace index, fake OpenAI over HTTP)', () => {
  const h = useFakeOpenAI();
  let ws: IndexedWorkspace | undefined;
  afterEach(async () => {
    await ws?.close();
    ws = undefined;
  });

  it('returns path:line, symbol and a preview per place, best first, within the limit', async () => {
    ws = await indexedWorkspace(h.client());
    await ws.build();
    const tool = semanticSearchTool(async () => ws!.index);
    assert.equal(tool.kind, 'read');
    assert.equal(tool.needsApproval, undefined, 'a read tool runs without asking');
    const out = await tool.run({ query: 'where do we retry when rate limited?', limit: 2 }, ctx());
    const lines = String(out).split('\n');
    assert.equal(lines[0], '2 places');
    assert.equal(
      lines[1],
      'src/http/retry.ts:1 (retryOnRateLimit): /** Waits and tries again when the API answers 429 (rate limited). */',
    );
    assert.equal(lines.length, 3);
  });

  it('searches by keywords when the index has no embeddings, and says so', async () => {
    ws = await indexedWorkspace(h.client(), { embed: false });
    await ws.build({ keywordOnly: true });
    const out = String(await semanticSearchTool(async () => ws!.index).run({ query: 'load_user' }, ctx()));
    assert.match(out, /^1 place \(keyword search/);
    assert.match(out, /src\/db\/users\.py:1 \(load_user\): def load_user\(user_id\):/);
  });

  it('an index that is not built is an error result naming Index Workspace', async () => {
    ws = await indexedWorkspace(h.client());
    const tool = semanticSearchTool(async () => ws!.index);
    await assert.rejects(tool.run({ query: 'retry' }, ctx()), /Index Workspace/);
  });

  it('is offered to the model in a chat turn and its result goes back as delimited data', async () => {
    ws = await indexedWorkspace(h.client());
    await ws.build();
    const tool = semanticSearchTool(async () => ws!.index);
    const chatTools = new ChatTools({
      settings: () => ({ enabled: true, maxRounds: 4, parallelism: 2, resultLimit: 16_000 }),
      available: async () => [tool],
      describe: async () => ({ summary: 'never asked', allowForChat: true }),
    });
    const port = {
      chatTools,
      menu: async () => ({ tools: [], servers: [] }),
      undoEdits: async () => ({ reverted: [], problems: [] }),
      restartServer: async () => undefined,
    };
    const chat = await createChatHarness({ client: h.client(), tools: { chatTools, port } });
    try {
      const script = toolScriptMarker([[{ name: 'semantic_search', arguments: { query: 'load user row' } }]]);
      await chat.session.send(`How are users read? ${script}`, [], false);
      const [first, second] = sentChats(h);
      assert.deepEqual(
        first!.tools?.map((t) => t.function.name),
        ['semantic_search'],
        'offered like the other read tools',
      );
      const result = second!.messages.find((m) => m.role === 'tool')!.content as string;
      assert.match(result, /^<<<BEGIN TOOL RESULT semantic_search>>>\n/);
      assert.match(result, /src\/db\/users\.py:1 \(load_user\)/);
      assert.equal(chat.ofType('toolCall').at(-1)!.call.status, 'done');
    } finally {
      await chat.close();
    }
  });
});
