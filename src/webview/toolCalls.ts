// A turn's tool calls in the transcript: each call collapsed to one line (tool, arguments, duration, a preview of
// the result) and expanded to the whole arguments and result; a call waiting for approval shows what it will do
// and Approve / Reject (and "Approve for this chat" where the host offers it) as ordinary buttons, so they are
// reachable with the keyboard. Built with textContent only: nothing a tool returns becomes HTML.
import type { ToolCallView, ToolDecision } from '../shared/protocol';
import { h } from './dom';

export type DecisionHandler = (callId: string, decision: ToolDecision) => void;

const STATUS_TEXT: Record<ToolCallView['status'], string> = {
  running: 'running…',
  awaiting: 'waiting for your approval',
  done: 'done',
  error: 'failed',
  rejected: 'rejected',
};

function shortArgs(args: string): string {
  const flat = args.replace(/\s+/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

function approvalBlock(call: ToolCallView, decide: DecisionHandler): HTMLElement | null {
  if (call.status !== 'awaiting' || !call.approval) return null;
  const a = call.approval;
  const choice = (label: string, decision: ToolDecision, cls: string): HTMLButtonElement => {
    const b = h('button', { type: 'button', class: cls, 'data-testid': `tool-${decision}` }, label);
    b.addEventListener('click', () => {
      for (const other of block.querySelectorAll('button')) other.disabled = true;
      decide(call.id, decision);
    });
    return b;
  };
  const block = h(
    'div',
    { class: 'tool-approval', role: 'group', 'aria-label': `Approve ${call.name}?` },
    h('p', { class: 'tool-approval-summary' }, a.summary),
    a.detail ? h('pre', { class: 'tool-approval-detail' }, a.detail) : null,
    h(
      'div',
      { class: 'tool-approval-actions' },
      choice('Approve', 'approve', 'primary'),
      choice('Reject', 'reject', 'secondary'),
      a.allowForChat ? choice('Approve for this chat', 'approveChat', 'secondary') : null,
    ),
  );
  return block;
}

export function toolCallNode(call: ToolCallView, decide: DecisionHandler): HTMLElement {
  const meta = [STATUS_TEXT[call.status]];
  if (call.durationMs !== undefined) meta.push(`${call.durationMs} ms`);
  const summary = h(
    'summary',
    {},
    h('span', { class: 'tool-name' }, call.name),
    h('code', { class: 'tool-args' }, shortArgs(call.args)),
    h('span', { class: 'tool-meta' }, meta.join(' · ')),
    call.preview ? h('span', { class: 'tool-preview' }, call.preview) : null,
  );
  const details = h(
    'details',
    { class: `tool-call ${call.status}`, 'data-call-id': call.id, 'data-testid': 'tool-call' },
    summary,
    h('div', { class: 'tool-label' }, 'Arguments'),
    h('pre', { class: 'tool-full-args' }, call.args),
    call.result !== undefined ? h('div', { class: 'tool-label' }, 'Result') : null,
    call.result !== undefined ? h('pre', { class: 'tool-result' }, call.result) : null,
  );
  // A call waiting for approval is shown open, its buttons in view and in the tab order.
  const approval = approvalBlock(call, decide);
  if (approval) {
    details.open = true;
    details.append(approval);
  }
  return details;
}

/** The calls of one answer, updated in place as the host reports them. */
export class ToolCallsView {
  readonly element = h('div', { class: 'tool-calls', 'aria-label': 'Tool calls' });
  private readonly nodes = new Map<string, HTMLElement>();

  constructor(private readonly decide: DecisionHandler) {}

  set(call: ToolCallView): void {
    const node = toolCallNode(call, this.decide);
    const old = this.nodes.get(call.id);
    // Keep the reader's expanded / collapsed choice across updates (except a new approval, which opens).
    if (old && call.status !== 'awaiting')
      (node as HTMLDetailsElement).open = (old as HTMLDetailsElement).open;
    if (old) old.replaceWith(node);
    else this.element.append(node);
    this.nodes.set(call.id, node);
    if (call.status === 'awaiting') node.querySelector<HTMLButtonElement>('.tool-approval button')?.focus();
  }
}

/** The answer's footer extras of a tool turn: rounds and cost, and Undo this turn's edits. */
export function toolFooter(
  rounds: number | undefined,
  costUsd: number | null | undefined,
  editedFiles: readonly string[] | undefined,
  undo: () => void,
): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (rounds !== undefined) {
    const cost = costUsd === null || costUsd === undefined ? 'cost unknown' : `$${costUsd.toFixed(4)}`;
    out.push(h('span', { class: 'meta tool-totals' }, `${rounds} requests · ${cost}`));
  }
  if (editedFiles?.length) {
    const b = h(
      'button',
      {
        type: 'button',
        class: 'undo-edits',
        'data-testid': 'undo-turn-edits',
        title: editedFiles.join('\n'),
      },
      `Undo this turn's edits (${editedFiles.length} file${editedFiles.length === 1 ? '' : 's'})`,
    );
    b.addEventListener('click', undo);
    out.push(b);
  }
  return out;
}
