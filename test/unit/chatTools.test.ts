// Tool turns of the chat session, against the fake over HTTP with a real Workbench, ledger and history: calls shown
// in the view as they run, an edit waiting for the inline Approve, the footer's rounds and cost, the stored calls
// and checkpoint, Undo this turn's edits, Reject, "Approve for this chat" (never for writes), per-chat toggles and
// Stop while an approval waits. Writes the transcript of the first turn to test-results/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChatTools, type ChatToolsPort, type StoredEdit, type ToolDefinition } from '../../src/core';
import type { ToolCallView } from '../../src/shared/protocol';
import { toolScriptMarker, type ToolScript } from '../fake-openai/toolScript';
import { createChatHarness, type ChatHarness } from './helpers/chatHarness';
import { useFakeOpenAI } from './helpers/fakeServer';
import { PATH_SCHEMA, sentChats, testTool } from './helpers/toolLoop';

describe('chat turns with tools: view, approvals, undo (fake OpenAI over HTTP)', () => {
  const h = useFakeOpenAI();
  let chat: ChatHarness;
  let files: Map<string, string>;
  let chatTools: ChatTools;

  function tools(): ToolDefinition[] {
    const read = testTool('read_file', async (args) => {
      const text = files.get(String(args.path));
      if (text === undefined) throw new Error(`${String(args.path)} does not exist`);
      return text;
    });
    const list = testTool('list_files', async () => [...files.keys()].join('\n'), 'read', {
      type: 'object',
      properties: {},
    });
    const edit: ToolDefinition = {
      ...testTool('propose_edit', async () => '', 'write', {
        type: 'object',
        properties: { path: { type: 'string' }, find: { type: 'string' }, replace: { type: 'string' } },
        required: ['path', 'find', 'replace'],
      }),
      async prepare(args) {
        if (!files.get(String(args.path))?.includes(String(args.find))) throw new Error('text not found');
      },
      async run(args, ctx) {
        const p = String(args.path);
        const before = files.get(p)!;
        const after = before.replace(String(args.find), String(args.replace));
        files.set(p, after);
        ctx.recordEdit({ path: `/ws/${p}`, relative: p, before, after });
        return `Edited ${p}.`;
      },
    };
    const external = testTool('docs.lookup', async () => 'docs text', 'external', PATH_SCHEMA);
    return [read, list, edit, external];
  }

  beforeEach(async () => {
    files = new Map([
      ['src/a.ts', 'export const a = 1; // TODO rename\n'],
      ['src/b.ts', 'export const b = 2;\n'],
    ]);
    chatTools = new ChatTools({
      settings: () => ({ enabled: true, maxRounds: 8, parallelism: 4, resultLimit: 16_000 }),
      available: async () => tools(),
      describe: async (req) => ({
        summary: `${req.tool.name} ${String(req.args.path)}`,
        allowForChat: true,
      }),
    });
    const port: ChatToolsPort = {
      chatTools,
      menu: async (isEnabled) => ({
        tools: tools().map((t) => ({
          name: t.name,
          description: t.description,
          kind: t.kind,
          enabled: isEnabled(t.name),
        })),
        servers: [],
      }),
      undoEdits: async (edits: readonly StoredEdit[]) => {
        for (const e of [...edits].reverse()) files.set(e.relative, e.before ?? '');
        return { reverted: edits.map((e) => e.path), problems: [] };
      },
      restartServer: async () => undefined,
    };
    chat = await createChatHarness({ client: h.client(), tools: { chatTools, port } });
  });
  afterEach(() => chat.close());

  const say = (text: string, script: ToolScript) =>
    chat.session.handle({
      type: 'send',
      text: `${text} ${toolScriptMarker(script)}`,
      images: [],
      replaceLast: false,
    });

  /** Resolves once a call is waiting for approval; answers it with `decision`. */
  async function answerApproval(
    decision: 'approve' | 'reject' | 'approveChat',
    from = 0,
    beforeDecision?: () => void,
  ): Promise<ToolCallView> {
    for (;;) {
      const waiting = chat.ofType('toolCall', from).find((m) => m.call.status === 'awaiting');
      if (waiting) {
        beforeDecision?.();
        await chat.session.handle({
          type: 'toolDecision',
          turnId: waiting.turnId,
          callId: waiting.call.id,
          decision,
        });
        return waiting.call;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  it('runs parallel reads, waits for Approve on an edit, shows rounds and cost, and undoes the edit', async () => {
    const turn = say('Rename the TODO in a and check b', [
      [
        { name: 'read_file', arguments: { path: 'src/a.ts' } },
        { name: 'read_file', arguments: { path: 'src/b.ts' } },
        { name: 'list_files', arguments: {} },
      ],
      [{ name: 'propose_edit', arguments: { path: 'src/a.ts', find: 'const a', replace: 'const alpha' } }],
    ]);
    const waiting = await answerApproval('approve', 0, () =>
      assert.equal(
        files.get('src/a.ts'),
        'export const a = 1; // TODO rename\n',
        'nothing before the approval',
      ),
    );
    assert.equal(waiting.name, 'propose_edit');
    assert.equal(waiting.approval?.summary, 'propose_edit src/a.ts');
    await turn;

    assert.equal(files.get('src/a.ts'), 'export const alpha = 1; // TODO rename\n');
    const done = chat.ofType('turnDone')[0]!;
    assert.equal(done.rounds, 3);
    assert.ok(typeof done.costUsd === 'number' && done.costUsd > 0);
    await chat.ledger.flush();
    const lines = await chat.ledger.readAll();
    assert.deepEqual(
      lines.map((l) => [l.turnId, l.round]),
      [1, 2, 3].map((r) => [done.turnId, r]),
    );
    const sum = lines.reduce((s, l) => s + l.costUsd!, 0);
    assert.ok(Math.abs(sum - done.costUsd!) < 1e-12, 'the footer is the sum of the ledger lines');
    assert.deepEqual(chat.ofType('turnEdits')[0]!.files, ['src/a.ts']);

    const finalCalls = new Map(chat.ofType('toolCall').map((m) => [m.call.id, m.call]));
    assert.deepEqual(
      [...finalCalls.values()].map((c) => [c.round, c.name, c.status]),
      [
        [1, 'read_file', 'done'],
        [1, 'read_file', 'done'],
        [1, 'list_files', 'done'],
        [2, 'propose_edit', 'done'],
      ],
    );
    const stored = chat.onDisk(chat.session.current!.id)!.messages.at(-1)!;
    assert.equal(stored.rounds, 3);
    assert.equal(stored.toolCalls?.length, 4);
    assert.deepEqual(
      stored.edits?.map((e) => [e.relative, e.before, e.after]),
      [['src/a.ts', 'export const a = 1; // TODO rename\n', 'export const alpha = 1; // TODO rename\n']],
    );
    writeTranscript(chat, done.turnId);

    await chat.session.handle({ type: 'undoTurnEdits', turnId: done.turnId });
    assert.equal(files.get('src/a.ts'), 'export const a = 1; // TODO rename\n');
    assert.deepEqual(chat.ofType('turnEdits').at(-1)!.files, []);
    assert.equal(chat.onDisk(chat.session.current!.id)!.messages.at(-1)!.edits, undefined);
  });

  it('Reject sends an error result; "for this chat" covers reads and MCP tools, never writes', async () => {
    const script: ToolScript = [
      [{ name: 'docs__lookup', arguments: { path: 'x' } }],
      [{ name: 'propose_edit', arguments: { path: 'src/b.ts', find: 'b', replace: 'beta' } }],
    ];
    const first = say('look it up', script);
    await answerApproval('approveChat');
    await answerApproval('approveChat', chat.posted.length);
    await first;
    assert.equal(files.get('src/b.ts'), 'export const beta = 2;\n');

    files.set('src/b.ts', 'export const b = 2;\n');
    const from = chat.posted.length;
    const second = say('again', script);
    // The MCP tool is not asked about again in this chat; the edit is.
    const asked = await answerApproval('reject', from);
    await second;
    assert.equal(asked.name, 'propose_edit');
    assert.equal(files.get('src/b.ts'), 'export const b = 2;\n');
    const toolMessages = sentChats(h)
      .at(-1)!
      .messages.filter((m) => m.role === 'tool');
    assert.match(String(toolMessages.at(-1)!.content), /ERROR: the user rejected this call/);
    const last = new Map(chat.ofType('toolCall', from).map((m) => [m.call.id, m.call]));
    assert.deepEqual(
      [...last.values()].map((c) => c.status),
      ['done', 'rejected'],
    );
  });

  it('offers only the tools this chat has on, and refuses a decision nothing waits for', async () => {
    await chat.session.handle({ type: 'setToolEnabled', name: 'list_files', enabled: false });
    const menu = chat.ofType('tools').at(-1)!;
    assert.equal(menu.tools.find((t) => t.name === 'list_files')!.enabled, false);
    await say('hello', []);
    assert.deepEqual(
      sentChats(h)[0]!.tools!.map((t) => t.function.name),
      ['read_file', 'propose_edit', 'docs__lookup'],
    );
    await chat.session.handle({ type: 'toolDecision', turnId: 'old', callId: 'x', decision: 'approve' });
    assert.match(chat.ofType('notice').at(-1)!.text, /no longer waiting for approval/);
  });

  it('Stop while an edit waits for approval ends the turn and writes nothing', async () => {
    const turn = say('edit', [
      [{ name: 'propose_edit', arguments: { path: 'src/a.ts', find: 'a', replace: 'z' } }],
    ]);
    for (;;) {
      const waiting = chat.ofType('toolCall').find((m) => m.call.status === 'awaiting');
      if (waiting) {
        await chat.session.handle({ type: 'stop', turnId: waiting.turnId });
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await turn;
    assert.equal(chat.ofType('turnError')[0]!.kind, 'aborted');
    assert.equal(files.get('src/a.ts'), 'export const a = 1; // TODO rename\n');
    assert.equal(sentChats(h).length, 1);
  });
});

/** The turn as a reader of the report sees it: the calls of each round, the approval, the answer, the footer. */
function writeTranscript(chat: ChatHarness, turnId: string): void {
  const lines: string[] = [];
  const user = chat.session.current!.messages.at(-2)!;
  lines.push(`USER: ${user.content.replace(/\[\[fake:[^\]]+\]\]/, '[[fake:tool_script=…]]')}`);
  let round = 0;
  for (const m of chat.posted) {
    if (m.type !== 'toolCall' || m.turnId !== turnId) continue;
    const c = m.call;
    if (c.round !== round) lines.push(`-- round ${(round = c.round)} --`);
    if (c.status === 'running') lines.push(`  call ${c.name} ${c.args}`);
    else if (c.status === 'awaiting') lines.push(`  APPROVAL ASKED: ${c.approval?.summary} → Approve`);
    else lines.push(`  ${c.status} ${c.name} (${c.durationMs} ms): ${c.preview}`);
  }
  const answer = chat.session.current!.messages.at(-1)!;
  const done = chat.ofType('turnDone').find((d) => d.turnId === turnId)!;
  lines.push(`ASSISTANT: ${answer.content}`);
  lines.push(
    `FOOTER: ${done.rounds} rounds · ${done.usage!.prompt} prompt + ${done.usage!.completion} completion ` +
      `tokens · $${done.costUsd!.toFixed(6)} · edits: ${chat.ofType('turnEdits')[0]!.files.join(', ')}`,
  );
  const dir = path.join(__dirname, '..', '..', 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'tool-turn-transcript.txt'), `${lines.join('\n')}\n`);
}
