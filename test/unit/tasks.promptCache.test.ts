// Prompt caching really applies to the built-in tasks: OpenAI caches a prompt prefix only from 1,024 tokens on, so
// every built-in task's static prefix (system prompt + few-shot examples) is counted with the real tokenizer, its
// examples are checked against the task's own schema, and two requests of the same task with different code are
// sent through the workbench facade (as the host does) to the fake server: the second reports cached tokens, and
// the ledger bills them at the cached-input price.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import {
  countMessageTokens,
  loadTokenCounter,
  LedgerStore,
  ModelCatalogue,
  createWorkbench,
  EXPLAIN_TASK,
  EXTRACT_PRESET_IDS,
  FIX_TASK,
  REFACTOR_TASK,
  buildTaskMessages,
  roundUsd,
  extractPresetTask,
  runStructured,
  validateValue,
  type TaskChatFn,
  type TaskInput,
  type TaskSpec,
} from '../../src/core';
import { useFakeOpenAI } from './helpers/fakeServer';

/** The smallest prompt prefix OpenAI caches. */
const MIN_CACHEABLE_TOKENS = 1024;

const BUILTIN: TaskSpec[] = [
  EXPLAIN_TASK,
  REFACTOR_TASK,
  FIX_TASK,
  ...EXTRACT_PRESET_IDS.map((id) => extractPresetTask(id)),
];

const FIRST: TaskInput = {
  filePath: 'src/a.ts',
  languageId: 'typescript',
  code: 'export const a = (n: number) => n * 2;',
  startLine: 1,
  instruction: 'Make it clearer.',
};
const SECOND: TaskInput = {
  filePath: 'lib/b.py',
  languageId: 'python',
  code: 'def b(items):\n    return [i for i in items if i]',
  startLine: 40,
  instruction: 'Add type hints.',
};

function staticPrefix(spec: TaskSpec, schemaInPrompt: boolean) {
  return buildTaskMessages(spec, FIRST, schemaInPrompt).slice(0, -1);
}

describe('tasks: the static prefix is long enough to be prompt-cached', () => {
  for (const spec of BUILTIN) {
    it(`${spec.id}: system prompt + examples count at least ${MIN_CACHEABLE_TOKENS} tokens`, async () => {
      const count = await loadTokenCounter();
      // json_schema mode sends the shortest prefix (no schema in the prompt), so it is the one that must reach it.
      const prefix = staticPrefix(spec, false);
      const tokens = prefix.reduce(
        (sum, m) => sum + countMessageTokens(m as ChatCompletionMessageParam, count),
        0,
      );
      assert.ok(tokens >= MIN_CACHEABLE_TOKENS, `${spec.id}: ${tokens} tokens`);
      assert.ok(spec.examples.length >= 3, 'three few-shot examples');
    });

    it(`${spec.id}: every few-shot answer is valid against the task's schema`, () => {
      for (const example of spec.examples) {
        const checked = validateValue(example.answer, spec.schema);
        assert.ok(checked.ok, `${spec.id} ${example.input.filePath}: ${JSON.stringify(checked)}`);
      }
    });
  }

  describe('against the fake server, through the workbench facade', () => {
    const fake = useFakeOpenAI();
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-taskcache-'))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const spec of [EXPLAIN_TASK, REFACTOR_TASK, FIX_TASK, extractPresetTask('todos')]) {
      it(`${spec.id}: the second request with different code reports cached tokens, billed at the cached price`, async () => {
        const ledger = new LedgerStore({ dir });
        const wb = createWorkbench({ client: fake.client(), ledger, catalogue: new ModelCatalogue() });
        // The same adapter the host's TaskServices.chat() builds over the facade.
        const chat: TaskChatFn = (request, options) =>
          wb.chat(
            { ...request, kind: 'code' },
            {
              feature: `task.${options.feature}`,
              signal: options.signal,
              moderate: false,
              hooks: { validateJson: false },
            },
          );
        const run = (input: TaskInput) =>
          runStructured({ chat, spec, input, model: 'gpt-4.1-mini', structuredOutputs: true });
        const first = await run(FIRST);
        const second = await run(SECOND);
        assert.equal(first.results.length, 1, 'no repair was needed');
        assert.equal(first.results[0]?.usage?.cachedTokens, 0, 'nothing cached before the first request');
        const usage = second.results[0]?.usage;
        assert.ok(usage && usage.cachedTokens >= MIN_CACHEABLE_TOKENS, JSON.stringify(usage));
        assert.equal(usage.cachedTokens % 128, 0, 'cached in 128-token steps');
        assert.ok(usage.cachedTokens < usage.promptTokens, 'the dynamic part is not cached');

        await wb.flush();
        const lines = await ledger.readAll();
        assert.equal(lines.length, 2);
        const line = lines[1]!;
        assert.equal(line.feature, `task.${spec.id}`);
        assert.equal(line.tokens.cached, usage.cachedTokens);
        // gpt-4.1-mini: (prompt − cached) × $0.40/1M + cached × $0.10/1M + completion × $1.60/1M
        const t = line.tokens;
        const expected = ((t.prompt - t.cached) * 0.4 + t.cached * 0.1 + t.completion * 1.6) / 1e6;
        assert.equal(line.costUsd, roundUsd(expected));
        assert.equal(t.prompt, usage.promptTokens);
        assert.ok(
          line.costUsd! < roundUsd((t.prompt * 0.4 + t.completion * 1.6) / 1e6),
          'cheaper than uncached',
        );
      });
    }
  });
});
