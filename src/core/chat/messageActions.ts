// Which buttons each message shows, decided here and nowhere else: a failed turn's next steps (the host's words,
// remembered per turn for this session) and Retry on the last answer when it did not complete (failed, stopped, or
// cut off by a crash or a reload). The view shows what it is told. A click comes back as an `errorAction` and runs
// only if this offers exactly that step for that message now: an old turn's Retry cannot re-ask a newer question.
import {
  RETRY_ACTION,
  type ErrorActionArg,
  type ErrorActionView,
  type MessageView,
} from '../../shared/protocol';
import type { Conversation, StoredMessage } from '../history/types';
import type { OfferedAction } from './chatPort';
import { OfferedActions } from './offeredActions';

const RETRY: ErrorActionView = { label: 'Retry', command: RETRY_ACTION };

export class MessageActions {
  private readonly offered = new OfferedActions();

  /** What the host offered with `turnId`'s failure. */
  remember(turnId: string, offered: OfferedAction[]): void {
    this.offered.remember(turnId, offered);
  }

  /** True when Retry may replace `messageId`: the conversation's last answer, unfinished, nothing streaming. */
  canRetry(conversation: Conversation | undefined, messageId: string, streaming: boolean): boolean {
    const last = conversation?.messages.at(-1);
    return (
      !streaming &&
      last?.id === messageId &&
      last.role === 'assistant' &&
      (last.status === 'error' || last.status === 'stopped' || last.status === 'interrupted')
    );
  }

  /** The buttons of `message`, in order: the host's steps, with Retry where it offered it or else last. */
  of(conversation: Conversation | undefined, message: StoredMessage, streaming: boolean): ErrorActionView[] {
    if (message.role !== 'assistant' || message.status === 'complete' || message.status === 'streaming')
      return [];
    const steps = this.offered.of(message.id);
    if (!this.canRetry(conversation, message.id, streaming))
      return steps.filter((s) => s.command !== RETRY_ACTION);
    return steps.some((s) => s.command === RETRY_ACTION) ? steps : [...steps, RETRY];
  }

  /** The views of a snapshot with their buttons (views[i] shows conversation.messages[i]). */
  decorate(conversation: Conversation, views: MessageView[], streaming: boolean): MessageView[] {
    return views.map((view, i) => {
      const actions = this.of(conversation, conversation.messages[i]!, streaming);
      return actions.length ? { ...view, actions } : view;
    });
  }

  /**
   * Appends a user message. Returns the previous answer's new buttons when this took Retry away from it (only the
   * last answer is retried), for the view to be told.
   */
  append(
    conversation: Conversation,
    user: StoredMessage,
  ): { id: string; actions: ErrorActionView[] } | undefined {
    const previous = conversation.messages.at(-1);
    const before = previous ? this.of(conversation, previous, false) : [];
    conversation.messages.push(user);
    if (!previous || before.length === 0) return undefined;
    const actions = this.of(conversation, previous, false);
    return actions.length === before.length ? undefined : { id: previous.id, actions };
  }

  /**
   * Runs a click: Retry when `canRetry`, another step when it was offered with that turn (same arguments).
   * Resolves false, running nothing, for anything else.
   */
  async run(
    conversation: Conversation | undefined,
    streaming: boolean,
    turnId: string,
    command: string,
    args: readonly ErrorActionArg[],
    retry: () => Promise<void>,
  ): Promise<boolean> {
    if (command === RETRY_ACTION) {
      if (args.length > 0 || !this.canRetry(conversation, turnId, streaming)) return false;
      await retry();
      return true;
    }
    return this.offered.run(turnId, command, args);
  }
}
