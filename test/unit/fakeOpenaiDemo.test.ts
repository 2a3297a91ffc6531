// The offline demo answers like the product would: the built-in tasks over real HTTP against the fake in demo
// mode (no pause between chunks here: tests never time), and the demo refactor on several languages, each result
// parsed with tree-sitter. Without the demo option the fake keeps its deterministic test answers.
import * as assert from 'node:assert/strict';
import { Language, Parser } from 'web-tree-sitter';
import {
  EXPLAIN_TASK,
  REFACTOR_TASK,
  extractPresetTask,
  runChat,
  runStructured,
  validateValue,
  type ExplainAnswer,
  type RefactorAnswer,
  type TaskInput,
} from '../../src/core';
import { demoRefactor } from '../fake-openai/demo/demoRefactor';
import { taskChatOver, useFakeOpenAI, userMessage } from './helpers/fakeServer';

const PRICE: TaskInput = {
  filePath: 'src/cart.ts',
  languageId: 'typescript',
  startLine: 12,
  code: [
    'export function totalPrice(items: Item[], coupon?: string): number {',
    '  var total = 0;',
    '  for (const item of items) {',
    '    total += item.price * item.quantity;',
    '  }',
    "  if (coupon == 'SAVE10') total = total * 0.9;",
    '  return Math.round(total * 100) / 100;',
    '}',
  ].join('\n'),
};

const GRAMMARS: Record<string, string> = {
  typescript: 'tree-sitter-typescript.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  python: 'tree-sitter-python.wasm',
  go: 'tree-sitter-go.wasm',
  java: 'tree-sitter-java.wasm',
};

async function parses(code: string, language: string): Promise<boolean> {
  await Parser.init();
  const lang = await Language.load(require.resolve(`@vscode/tree-sitter-wasm/wasm/${GRAMMARS[language]}`));
  const parser = new Parser();
  parser.setLanguage(lang);
  const tree = parser.parse(code);
  const ok = tree !== null && !tree.rootNode.hasError;
  tree?.delete();
  parser.delete();
  return ok;
}

describe('fake OpenAI: the offline demo', function () {
  const fake = useFakeOpenAI({ demo: { paceMs: 0 } });

  it('explains the selected function by name, with its parameters and what it returns', async () => {
    const result = await runStructured<ExplainAnswer>({
      chat: taskChatOver(fake.client()),
      spec: EXPLAIN_TASK,
      input: PRICE,
      model: 'gpt-4.1-mini',
      structuredOutputs: true,
    });
    assert.ok(validateValue(result.value, EXPLAIN_TASK.schema).ok);
    const { summary, steps, risks } = result.value;
    assert.match(summary, /`totalPrice` \(src\/cart\.ts:12\)/);
    assert.match(summary, /`items` \(Item\[\]\) and `coupon` \(string\)/);
    assert.match(summary, /returns `Math\.round\(total \* 100\) \/ 100` \(a number\)/);
    assert.ok(
      steps.some((s) => /Loops over `const item of items`/.test(s)),
      steps.join(' | '),
    );
    assert.ok(
      risks.some((r) => /0\.9/.test(r)),
      risks.join(' | '),
    );
    assert.ok(!/fake/i.test(JSON.stringify(result.value)), 'no test placeholder text');
  });

  it('refactors for real: the code changes, still parses, and the changes are listed', async () => {
    const result = await runStructured<RefactorAnswer>({
      chat: taskChatOver(fake.client()),
      spec: REFACTOR_TASK,
      input: PRICE,
      model: 'gpt-4.1-mini',
      structuredOutputs: true,
    });
    assert.ok(validateValue(result.value, REFACTOR_TASK.schema).ok);
    const { code, changes } = result.value;
    assert.notEqual(code, PRICE.code);
    assert.ok(await parses(code, 'typescript'), code);
    assert.match(code, /const TOTAL_FACTOR = 0\.9;/);
    assert.match(code, /let total = 0;/);
    assert.match(code, /coupon === 'SAVE10'/);
    assert.equal(changes.length, 3, changes.join(' | '));
  });

  it('fills an extract preset from the code itself, with file lines', async () => {
    const spec = extractPresetTask('functions');
    const result = await runStructured<{ functions: { name: string; line: number }[] }>({
      chat: taskChatOver(fake.client()),
      spec,
      input: PRICE,
      model: 'gpt-4.1-mini',
      structuredOutputs: true,
    });
    assert.ok(validateValue(result.value, spec.schema).ok);
    assert.deepEqual(
      result.value.functions.map((f) => [f.name, f.line]),
      [['totalPrice', 12]],
    );
  });

  it('answers chat in markdown drawn from the question, says it is the demo, and streams in many chunks', async () => {
    const deltas: string[] = [];
    const result = await runChat(
      fake.client(),
      { model: 'gpt-4.1-mini', messages: [userMessage('How does the retry backoff work?')] },
      { onDelta: (d) => deltas.push(d) },
    );
    assert.match(result.content, /^## Retry Backoff Work/m);
    assert.match(result.content, /Offline demo/);
    assert.match(result.content, /^1\. \*\*retry\*\*/m);
    assert.match(result.content, /```typescript\n[\s\S]+\n```/);
    assert.ok(deltas.length > 20, `streamed in ${deltas.length} deltas`);
  });

  it('lets fault markers through: a demo request can still be made to fail', async () => {
    await assert.rejects(
      runChat(
        fake.client(),
        { model: 'gpt-4.1-mini', messages: [userMessage('hi', 'insufficient_quota')] },
        { retry: false },
      ),
      /quota/,
    );
  });
});

describe('fake OpenAI: the test answers stay when the demo is off', function () {
  const fake = useFakeOpenAI();
  it('answers with the deterministic test text', async () => {
    const result = await runChat(fake.client(), {
      model: 'gpt-4.1-mini',
      messages: [userMessage('hello there')],
    });
    assert.match(result.content, /^This is a fake answer to: "hello there"/);
  });
});

describe('demo refactor on several languages', function () {
  const cases: Array<[string, string, RegExp]> = [
    [
      'javascript',
      'function wait(ms) {\n  var t = ms * 1000;\n  if (t == 0) return;\n  return sleep(t);\n}',
      /const MS_PER_SECOND = 1000;/,
    ],
    [
      'python',
      'def retry(fn, attempts):\n    while attempts < 5:\n        if fn() != None:\n            return True\n    return False',
      /MAX_ATTEMPTS = 5/,
    ],
    ['go', 'func Backoff(attempt int) int {\n\treturn attempt * 250\n}', /const ATTEMPT_FACTOR = 250/],
    [
      'java',
      'int limit(int n) {\n    if (n > 64) {\n        return 64;\n    }\n    return n;\n}',
      /final int MAX_N = 64;/,
    ],
    [
      'typescript',
      '  private clamp(value: number): number {\n    return Math.min(value, 42);\n  }',
      /const MAX_VALUE = 42;/,
    ],
  ];
  for (const [language, code, expected] of cases) {
    it(`${language}: names the magic number and still parses`, async () => {
      const result = demoRefactor(code, language);
      assert.notEqual(result.code, code);
      assert.match(result.code, expected);
      // A method on its own is not a whole program: parse it inside a class, as it stands in its file.
      const wrapped =
        language === 'java' || code.startsWith('  private') ? `class C {\n${result.code}\n}` : result.code;
      assert.ok(await parses(wrapped, language), result.code);
    });
  }

  it('proposes nothing and says so when there is nothing to improve', () => {
    const code = 'export const twice = (n: number): number => n * 2;';
    const result = demoRefactor(code, 'typescript');
    assert.equal(result.code, code);
    assert.deepEqual(result.changes, []);
    assert.match(result.explanation, /`twice` is already clear/);
  });
});
