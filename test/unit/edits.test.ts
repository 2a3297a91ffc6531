// Refactor edit planning: exact range, stale document relocated or refused, indentation kept.
import * as assert from 'node:assert/strict';
import { planRefactorEdit, fitReplacement, type RefactorOrigin } from '../../src/core';

function apply(text: string, plan: ReturnType<typeof planRefactorEdit>): string {
  assert.ok(plan.ok, plan.ok ? '' : plan.reason);
  return text.slice(0, plan.start) + plan.newText + text.slice(plan.end);
}

function originOf(doc: string, selected: string, version = 1): RefactorOrigin {
  const start = doc.indexOf(selected);
  assert.ok(start >= 0);
  return { start, end: start + selected.length, text: selected, version };
}

const DOC = [
  'class Cart {',
  '  total(items) {',
  '    let sum = 0;',
  '    for (const item of items) {',
  '      sum += item.price;',
  '    }',
  '    return sum;',
  '  }',
  '}',
  '',
].join('\n');
const BODY = [
  '    let sum = 0;',
  '    for (const item of items) {',
  '      sum += item.price;',
  '    }',
  '    return sum;',
].join('\n');

describe('edits: planRefactorEdit', () => {
  it('replaces exactly the original range when the version is unchanged', () => {
    const origin = originOf(DOC, BODY);
    const plan = planRefactorEdit(
      origin,
      { text: DOC, version: 1 },
      '    return items.reduce((s, i) => s + i.price, 0);',
    );
    assert.equal(plan.ok && plan.relocated, false);
    assert.equal(
      apply(DOC, plan),
      'class Cart {\n  total(items) {\n    return items.reduce((s, i) => s + i.price, 0);\n  }\n}\n',
    );
  });

  it('re-indents code the model returned at column 0 to the original base indentation', () => {
    const origin = originOf(DOC, BODY);
    const proposal = 'let sum = 0;\nfor (const { price } of items) {\n  sum += price;\n}\nreturn sum;';
    const out = apply(DOC, planRefactorEdit(origin, { text: DOC, version: 1 }, proposal));
    assert.ok(
      out.includes(
        '\n    let sum = 0;\n    for (const { price } of items) {\n      sum += price;\n    }\n    return sum;\n',
      ),
      out,
    );
  });

  it('handles a selection that starts after the indentation (first line without its indentation)', () => {
    const selected = BODY.trimStart();
    const origin = originOf(DOC, selected);
    // The model echoes the same shape: first line bare, the rest absolute.
    const proposal =
      'let total = 0;\n    for (const item of items) {\n      total += item.price;\n    }\n    return total;';
    const out = apply(DOC, planRefactorEdit(origin, { text: DOC, version: 1 }, proposal));
    assert.ok(
      out.includes(
        '  total(items) {\n    let total = 0;\n    for (const item of items) {\n      total += item.price;\n    }\n    return total;\n  }',
      ),
      out,
    );
  });

  it('relocates the original text when lines were inserted above it (document version changed)', () => {
    const origin = originOf(DOC, BODY);
    const edited = '// a new header comment\n// and another\n' + DOC;
    const plan = planRefactorEdit(origin, { text: edited, version: 2 }, 'return 0;');
    assert.ok(plan.ok && plan.relocated);
    assert.equal(
      apply(edited, plan),
      '// a new header comment\n// and another\nclass Cart {\n  total(items) {\n    return 0;\n  }\n}\n',
    );
  });

  it('refuses with a reason when the original text is gone', () => {
    const origin = originOf(DOC, BODY);
    const edited = DOC.replace('sum += item.price;', 'sum += item.cost;');
    const plan = planRefactorEdit(origin, { text: edited, version: 2 }, 'return 0;');
    assert.equal(plan.ok, false);
    assert.match(plan.ok ? '' : plan.reason, /changed or removed after the refactor was requested/);
  });

  it('picks the occurrence nearest the original offset when the text appears twice', () => {
    const doc = 'a();\nfoo();\nb();\nfoo();\nc();\n';
    const origin: RefactorOrigin = {
      start: doc.lastIndexOf('foo();'),
      end: doc.lastIndexOf('foo();') + 6,
      text: 'foo();',
      version: 1,
    };
    const edited = 'x();\n' + doc;
    const out = apply(edited, planRefactorEdit(origin, { text: edited, version: 2 }, 'bar();'));
    assert.equal(out, 'x();\na();\nfoo();\nb();\nbar();\nc();\n');
  });

  it('keeps CRLF line ends and a full-line selection’s trailing newline', () => {
    const doc = 'if (x) {\r\n  one();\r\n  two();\r\n}\r\n';
    const selected = '  one();\r\n  two();\r\n';
    const out = apply(doc, planRefactorEdit(originOf(doc, selected), { text: doc, version: 1 }, 'both();'));
    assert.equal(out, 'if (x) {\r\n  both();\r\n}\r\n');
  });

  it('keeps tab indentation of the document', () => {
    const text = fitReplacement('a();\nif (b) {\n  c();\n}', {
      original: '\t\tx();\n\t\ty();',
      lineIndent: '\t\t',
      startColumn: 0,
      eol: '\n',
    });
    assert.equal(text, '\t\ta();\n\t\tif (b) {\n\t\t  c();\n\t\t}');
  });
});
