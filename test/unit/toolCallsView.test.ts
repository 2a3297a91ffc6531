// The tool calls of a turn in the webview (real webview code in jsdom): collapsed line and expanded result, a call
// waiting for approval open with Approve / Reject (and "Approve for this chat" only when offered) as focusable
// buttons that report the decision once, tool output shown as text (never HTML), and the tool footer.
import * as assert from 'node:assert/strict';
import type { ToolCallView, ToolDecision } from '../../src/shared/protocol';
import { ToolCallsView, toolFooter } from '../../src/webview/toolCalls';
import { installDom } from './helpers/dom';

describe('tool calls in the chat view (webview, jsdom)', () => {
  before(() => installDom());

  const call = (over: Partial<ToolCallView> = {}): ToolCallView => ({
    id: 'c1',
    round: 1,
    name: 'read_file',
    args: '{"path":"src/a.ts"}',
    status: 'running',
    ...over,
  });

  it('shows a call collapsed, then its result when it ends, as text only', () => {
    const decisions: [string, ToolDecision][] = [];
    const view = new ToolCallsView((id, d) => decisions.push([id, d]));
    view.set(call());
    const node = view.element.querySelector<HTMLDetailsElement>('details.tool-call')!;
    assert.equal(node.open, false);
    assert.match(node.querySelector('summary')!.textContent!, /read_file\{"path":"src\/a\.ts"\}running…/);
    view.set(
      call({ status: 'done', durationMs: 12, preview: '<img src=x onerror=alert(1)>', result: '<b>x</b>' }),
    );
    const done = view.element.querySelector<HTMLDetailsElement>('details.tool-call')!;
    assert.equal(view.element.querySelectorAll('details').length, 1, 'updated in place');
    assert.match(done.querySelector('summary')!.textContent!, /done · 12 ms/);
    assert.equal(done.querySelector('img, b'), null, 'tool output never becomes HTML');
    assert.equal(done.querySelector('.tool-result')!.textContent, '<b>x</b>');
  });

  it('opens a call waiting for approval with focusable buttons that report one decision', () => {
    const decisions: [string, ToolDecision][] = [];
    const view = new ToolCallsView((id, d) => decisions.push([id, d]));
    document.body.append(view.element);
    view.set(
      call({
        name: 'propose_edit',
        status: 'awaiting',
        approval: { summary: 'Edit src/a.ts: replace 1 line at line 3', allowForChat: false },
      }),
    );
    const node = view.element.querySelector<HTMLDetailsElement>('details')!;
    assert.equal(node.open, true);
    const labels = [...node.querySelectorAll('.tool-approval button')].map((b) => b.textContent);
    assert.deepEqual(labels, ['Approve', 'Reject'], 'no "for this chat" on an edit');
    assert.equal(document.activeElement?.textContent, 'Approve', 'focus moves to the approval');
    (node.querySelector('[data-testid="tool-approve"]') as HTMLButtonElement).click();
    (node.querySelector('[data-testid="tool-reject"]') as HTMLButtonElement).click();
    assert.deepEqual(decisions, [['c1', 'approve']], 'buttons are disabled after the first click');

    view.set(
      call({
        id: 'c2',
        status: 'awaiting',
        approval: { summary: 'outside the default set', allowForChat: true },
      }),
    );
    const second = view.element.querySelector('details[data-call-id="c2"]')!;
    (second.querySelector('[data-testid="tool-approveChat"]') as HTMLButtonElement).click();
    assert.deepEqual(decisions.at(-1), ['c2', 'approveChat']);
    view.element.remove();
  });

  it('adds rounds, cost and Undo this turn’s edits to the footer', () => {
    let undone = 0;
    const parts = toolFooter(3, 0.00123, ['src/a.ts', 'src/b.ts'], () => undone++);
    assert.deepEqual(
      parts.map((p) => p.textContent),
      ['3 requests · $0.0012', "Undo this turn's edits (2 files)"],
    );
    (parts[1] as HTMLButtonElement).click();
    assert.equal(undone, 1);
    assert.equal(toolFooter(undefined, undefined, undefined, () => undefined).length, 0);
  });
});
