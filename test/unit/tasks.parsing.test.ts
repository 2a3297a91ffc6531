// Partial JSON for progressive rendering, CSV conversion, and the token-count guard.
import * as assert from 'node:assert/strict';
import {
  EXPLAIN_TASK,
  TaskTooLargeError,
  buildTaskMessages,
  countPromptTokens,
  createExplanationStream,
  explanationToMarkdown,
  parsePartialJson,
  runCodeTask,
  toCsv,
} from '../../src/core';

const FULL = JSON.stringify({
  summary: 'Adds "two" numbers.\nReturns the sum.',
  steps: ['Read a and b', 'Add them'],
  concepts: [{ name: 'Addition', explanation: 'a + b' }],
  risks: [],
  n: -12.5e2,
  ok: true,
  none: null,
});

describe('tasks: partial JSON', () => {
  it('every prefix parses without throwing and the whole text equals JSON.parse', () => {
    for (let i = 0; i <= FULL.length; i++) parsePartialJson(FULL.slice(0, i));
    assert.deepEqual(parsePartialJson(FULL), JSON.parse(FULL));
  });

  it('a prefix yields what is complete plus the unfinished string', () => {
    const cut = FULL.indexOf('Add them') + 3;
    assert.deepEqual(parsePartialJson(FULL.slice(0, cut)), {
      summary: 'Adds "two" numbers.\nReturns the sum.',
      steps: ['Read a and b', 'Add'],
    });
    assert.deepEqual(parsePartialJson('{"summary": "Half a sent'), { summary: 'Half a sent' });
    assert.deepEqual(parsePartialJson('{"summ'), {});
    assert.deepEqual(parsePartialJson('{"a": tr'), {});
    assert.deepEqual(parsePartialJson('{"a": "x\\'), { a: 'x' });
    assert.equal(parsePartialJson(''), undefined);
    assert.equal(parsePartialJson('not json'), undefined);
  });

  it('renders an explanation progressively: sections appear as their content arrives', () => {
    const early = explanationToMarkdown(parsePartialJson(FULL.slice(0, FULL.indexOf('"steps"'))));
    assert.ok(early.startsWith('Adds "two" numbers.'));
    assert.ok(!early.includes('### Steps'));
    const done = explanationToMarkdown(JSON.parse(FULL));
    assert.ok(done.includes('### Steps\n\n1. Read a and b\n2. Add them'));
    assert.ok(done.includes('- **Addition** — a + b'));
    assert.ok(!done.includes('### Risks'), 'an empty section is left out');
  });

  it('the markdown of every longer prefix extends the shorter one, so deltas can simply be appended', () => {
    for (const text of [
      FULL,
      JSON.stringify({
        risks: ['r1', 'r2'],
        concepts: [{ name: 'Long concept name', explanation: 'x' }],
        summary: 'S',
      }),
    ]) {
      const stream = createExplanationStream();
      let shown = '';
      for (let i = 0; i < text.length; i += 3) shown += stream.push(text.slice(i, i + 3));
      shown += stream.finish(JSON.parse(text));
      assert.equal(shown, explanationToMarkdown(JSON.parse(text)));
      let previous = '';
      for (let i = 0; i <= text.length; i++) {
        const md = explanationToMarkdown(parsePartialJson(text.slice(0, i)));
        assert.ok(
          md.startsWith(previous),
          `prefix ${i}: ${JSON.stringify(previous)} -> ${JSON.stringify(md)}`,
        );
        previous = md;
      }
    }
  });

  it('a repaired answer that does not extend what was shown is appended as the corrected answer', () => {
    const stream = createExplanationStream();
    const shown =
      stream.push('{"summary": "first try') +
      stream.finish({ summary: 'Second try.', steps: [], concepts: [], risks: [] });
    assert.equal(shown, 'first try\n\n---\n\n_Corrected answer:_\n\nSecond try.');
  });
});

describe('tasks: CSV', () => {
  it('writes the only list of flat objects with quoting and a union header', () => {
    const out = toCsv({
      items: [
        { tag: 'TODO', text: 'a, "quoted" thing', line: 3 },
        { tag: 'FIXME', text: 'x', line: 9, extra: null },
      ],
    });
    assert.ok('csv' in out);
    assert.equal(out.csv, 'tag,text,line,extra\r\nTODO,"a, ""quoted"" thing",3,\r\nFIXME,x,9,\r\n');
  });

  it('neutralises spreadsheet formulas', () => {
    const out = toCsv([{ cell: '=HYPERLINK("http://x")' }]);
    assert.ok('csv' in out && out.csv.includes(`"'=HYPERLINK(""http://x"")"`));
  });

  it('refuses nested values and ambiguous shapes with a reason', () => {
    const nested = toCsv({ q: [{ tables: ['a'] }] });
    assert.match('reason' in nested ? nested.reason : '', /item 1 is not a flat object/);
    assert.ok('reason' in toCsv({ a: [], b: [] }));
    assert.ok('reason' in toCsv({ a: 1 }));
  });
});

describe('tasks: prompt size', () => {
  it('counts tokens with the real tokenizer (loaded on first use)', async () => {
    const small = await countPromptTokens([{ role: 'user', content: 'hello world' }]);
    // reply priming 3 + message framing 3 + "hello world" 2
    assert.equal(small, 3 + 3 + 2);
  });

  it('refuses before sending when prompt plus answer reserve exceed the context window, with the numbers', async () => {
    let sent = 0;
    const input = { filePath: 'big.ts', languageId: 'typescript', code: 'const x = 1;\n'.repeat(2000) };
    const needed = (await countPromptTokens(buildTaskMessages(EXPLAIN_TASK, input, false))) + 1000;
    await assert.rejects(
      runCodeTask({
        chat: async () => {
          sent++;
          throw new Error('must not be called');
        },
        spec: EXPLAIN_TASK,
        input,
        model: 'small-model',
        modelFacts: { structuredOutputs: true, contextWindow: 8000, maxOutputTokens: 1000 },
      }),
      (err: unknown) => {
        assert.ok(err instanceof TaskTooLargeError);
        assert.ok(err.check, 'the numbers are kept');
        assert.equal(err.check.promptTokens + err.check.reservedOutput, needed);
        assert.match(
          err.message,
          /needs [\d,]+ tokens plus 1,000 for the answer, but the model's context window is 8,000 tokens/,
        );
        return true;
      },
    );
    assert.equal(sent, 0);
  });
});
