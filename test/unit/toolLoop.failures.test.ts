// What goes wrong with calls, against the fake over HTTP: malformed JSON, arguments off the schema, an unknown
// tool, a tool that throws and a rejected approval each go back as an error result and the turn answers; Stop
// while a tool runs (or waits for approval) ends the turn at once and cancels the tool.
import * as assert from 'node:assert/strict';
import { ApiError, runToolLoop, type ApprovalRequest } from '../../src/core';
import { toolScriptMarker, type ToolScript } from '../fake-openai/toolScript';
import { useFakeOpenAI } from './helpers/fakeServer';
import { deferred, loopBench, sentChats, testTool, type LoopBench } from './helpers/toolLoop';

describe('tool loop: failing calls, approval and Stop (fake OpenAI over HTTP)', () => {
  const h = useFakeOpenAI();
  let b: LoopBench;
  beforeEach(() => (b = loopBench(h)));
  afterEach(() => b.dispose());

  const draft = (script: ToolScript) => ({
    model: 'gpt-4.1-mini',
    messages: [{ role: 'user' as const, content: `Do it ${toolScriptMarker(script)}` }],
  });
  const toolResults = (round = 1): string[] => {
    const messages = sentChats(h)[round]!.messages;
    return messages.filter((m) => m.role === 'tool').map((m) => String(m.content));
  };

  it('sends back a reason for bad JSON, a schema mismatch, an unknown tool and a throwing tool; the turn answers', async () => {
    let ran = 0;
    const read = testTool('read_file', async (args) => {
      ran++;
      if (args.path === 'boom') throw new Error('EACCES: permission denied');
      return 'fine';
    });
    const result = await runToolLoop({
      workbench: b.wb,
      draft: draft([
        [
          { name: 'read_file', rawArguments: '{"path": "a.ts' },
          { name: 'read_file', arguments: { path: 7, extra: true } },
          { name: 'rm_rf', arguments: {} },
          { name: 'read_file', arguments: { path: 'boom' } },
          { name: 'read_file', arguments: { path: 'ok' } },
        ],
      ]),
      tools: [read],
      turnId: 't',
      approve: async () => true,
    });
    const results = toolResults();
    assert.equal(results.length, 5, 'every call gets its result, the failed ones too');
    assert.match(results[0]!, /ERROR: the arguments are not valid JSON \(.+\)\. Send one JSON object/);
    assert.match(
      results[1]!,
      /ERROR: the arguments do not fit the schema of read_file: .*\/path: must be string/,
    );
    assert.match(results[1]!, /unexpected property "extra"/);
    assert.match(results[2]!, /ERROR: there is no tool named "rm_rf"\. Tools offered: read_file\./);
    assert.match(results[3]!, /ERROR: read_file failed: EACCES: permission denied/);
    assert.match(results[4]!, /\nfine\n/);
    assert.equal(ran, 2, 'only the calls with valid arguments ran');
    assert.deepEqual(
      result.calls.map((c) => c.ok),
      [false, false, false, false, true],
    );
    assert.equal(result.finishReason, 'stop');
    assert.match(result.content, /The tool returned/);
  });

  it('asks before a write, runs nothing when rejected and tells the model not to repeat it', async () => {
    const asked: ApprovalRequest[] = [];
    let wrote = 0;
    const edit = testTool('propose_edit', async () => `edited ${++wrote}`, 'write');
    const result = await runToolLoop({
      workbench: b.wb,
      draft: draft([[{ name: 'propose_edit', arguments: { path: 'src/a.ts' } }]]),
      tools: [edit],
      turnId: 'turn-9',
      approve: async (req) => {
        asked.push(req);
        return { approved: false, reason: 'not this file' };
      },
    });
    assert.equal(wrote, 0);
    assert.deepEqual(
      asked.map((a) => [a.tool.name, a.args, a.turnId, a.round]),
      [['propose_edit', { path: 'src/a.ts' }, 'turn-9', 1]],
    );
    assert.match(
      toolResults()[0]!,
      /ERROR: the user rejected this call \(not this file\)\. Do not repeat it/,
    );
    assert.equal(result.calls[0]!.approval, 'rejected');
  });

  it('runs an approved write, and a read tool may ask per call through needsApproval', async () => {
    const edit = testTool('propose_edit', async () => 'applied', 'write');
    const read = {
      ...testTool('read_file', async () => 'outside text'),
      needsApproval: (args: Record<string, unknown>) => String(args.path).startsWith('outside'),
    };
    const asked: string[] = [];
    const result = await runToolLoop({
      workbench: b.wb,
      draft: draft([
        [
          { name: 'propose_edit', arguments: { path: 'a' } },
          { name: 'read_file', arguments: { path: 'inside' } },
          { name: 'read_file', arguments: { path: 'outside/x' } },
        ],
      ]),
      tools: [edit, read],
      turnId: 't',
      approve: async (req) => {
        asked.push(`${req.tool.name}:${String(req.args.path)}`);
        return true;
      },
    });
    assert.deepEqual(asked.sort(), ['propose_edit:a', 'read_file:outside/x']);
    assert.deepEqual(
      result.calls.map((c) => [c.ok, c.approval]),
      [
        [true, 'approved'],
        [true, undefined],
        [true, 'approved'],
      ],
    );
  });

  it('Stop while a tool runs cancels the tool and ends the turn at once, with no further request', async () => {
    const stop = new AbortController();
    const toolSawAbort = deferred<boolean>();
    const slow = testTool('search_text', (_args, ctx) => {
      // Never finishes on its own: only the signal ends it.
      ctx.signal.addEventListener('abort', () => toolSawAbort.resolve(true));
      stop.abort();
      return new Promise(() => undefined);
    });
    await assert.rejects(
      runToolLoop({
        workbench: b.wb,
        draft: draft([[{ name: 'search_text', arguments: { path: 'x' } }]]),
        tools: [slow],
        turnId: 't',
        signal: stop.signal,
        approve: async () => true,
      }),
      (e: unknown) => e instanceof ApiError && e.kind === 'aborted',
    );
    assert.equal(await toolSawAbort.promise, true);
    assert.equal(sentChats(h).length, 1, 'no round after Stop');
  });

  it('Stop while an approval is pending ends the turn; the write never runs', async () => {
    const stop = new AbortController();
    let wrote = false;
    const edit = testTool('create_file', async () => ((wrote = true), 'created'), 'write');
    await assert.rejects(
      runToolLoop({
        workbench: b.wb,
        draft: draft([[{ name: 'create_file', arguments: { path: 'n.ts' } }]]),
        tools: [edit],
        turnId: 't',
        signal: stop.signal,
        // An approval prompt that is never answered: Stop alone must end the turn.
        approve: () =>
          new Promise(() => {
            stop.abort();
          }),
      }),
      (e: unknown) => e instanceof ApiError && e.kind === 'aborted',
    );
    assert.equal(wrote, false);
  });
});
