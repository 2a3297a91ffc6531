// The chat's side of "answered before": when a question's embedding is very close to one answered before in this
// workspace, its earlier answer is offered first (the view shows it with Use it / Ask again) and the turn waits.
// Use it copies the earlier answer into the conversation with no request; Ask again runs the turn as usual. Once a
// question is answered for real, it is remembered for the next time. One offer at a time, in memory only.
import { randomBytes } from 'node:crypto';
import type { AnsweredBeforeChoice, AnsweredBeforeView, HostToWebview } from '../../shared/protocol';
import type { HistoryStore } from '../history/historyStore';
import type { Conversation, StoredMessage } from '../history/types';
import type { AnsweredQuestions, AnsweredRef, QuestionVector } from './answeredQuestions';
import { workspaceQuestion } from './workspaceContext';

export interface AnsweredBeforeDeps {
  questions: AnsweredQuestions;
  /** The chat history, where the earlier question and answer are read from. */
  store: () => HistoryStore;
  post: (message: HostToWebview) => void;
  save: (conversation: Conversation) => Promise<void>;
  /** A failed embedding request is not the user's problem: the question is answered as usual. */
  onError?: (err: unknown) => void;
  now?: () => number;
}

interface Pending {
  offerId: string;
  conversation: Conversation;
  answer: StoredMessage;
  view: AnsweredBeforeView;
}

/** Question vectors kept until their answer is remembered (the last few questions). */
const VECTORS_LIMIT = 20;

export class AnsweredBeforeOffers {
  private pending: Pending | undefined;
  private readonly vectors = new Map<string, QuestionVector>();

  constructor(private readonly deps: AnsweredBeforeDeps) {}

  /** An offer waits for a choice in `conversation`: the next question must wait too. */
  pendingIn(conversation: Conversation): boolean {
    return this.pending?.conversation === conversation;
  }

  /**
   * Embeds the question just asked and, when an earlier answer is close enough, offers it: resolves true (the turn
   * waits for the choice). False when the feature is off, nothing is close, or the embedding failed.
   */
  async offer(conversation: Conversation, question: StoredMessage): Promise<boolean> {
    const { questions } = this.deps;
    if (!questions.enabled || question.images?.length) return false;
    const query = workspaceQuestion(question.content);
    let vector: QuestionVector | undefined;
    try {
      vector = await questions.embed(query ?? question.content, query !== undefined);
    } catch (err) {
      this.deps.onError?.(err);
      return false;
    }
    if (!vector) return false;
    this.vectors.set(question.id, vector);
    while (this.vectors.size > VECTORS_LIMIT) this.vectors.delete(this.vectors.keys().next().value!);
    const match = await questions.best(vector, (ref) => this.find(ref) !== undefined);
    const found = match && this.find(match);
    if (!match || !found) return false;
    const offerId = randomBytes(6).toString('hex');
    const view: AnsweredBeforeView = {
      offerId,
      question: found.question.content,
      answer: found.answer.content,
      similarity: Math.min(1, match.similarity),
    };
    this.pending = { offerId, conversation, answer: found.answer, view };
    this.deps.post({ type: 'answeredBefore', offer: view });
    return true;
  }

  /**
   * The user's choice. `used`: the earlier answer is now the conversation's answer (saved; no request). `ask`: the
   * caller runs the turn. Undefined: no such offer (an old card, a forged id); nothing happens.
   */
  async choose(offerId: string, choice: AnsweredBeforeChoice): Promise<'used' | 'ask' | undefined> {
    const pending = this.pending;
    if (!pending || pending.offerId !== offerId) return undefined;
    this.drop();
    if (choice === 'ask') return 'ask';
    const earlier = pending.answer;
    const now = (this.deps.now ?? Date.now)();
    const reused: StoredMessage = {
      id: `r${now.toString(36)}${randomBytes(3).toString('hex')}`,
      role: 'assistant',
      content: earlier.content,
      createdAt: now,
      status: 'complete',
      reused: true,
      ...(earlier.model ? { model: earlier.model } : {}),
      ...(earlier.sources ? { sources: earlier.sources.map((s) => ({ ...s })) } : {}),
    };
    pending.conversation.messages.push(reused);
    await this.deps.save(pending.conversation);
    return 'used';
  }

  /** Withdraws the offer (another conversation opened, a new chat). */
  drop(): void {
    if (!this.pending) return;
    this.pending = undefined;
    this.deps.post({ type: 'answeredBefore', offer: null });
  }

  /** A page that came back shows the offer again (after its snapshot). */
  repost(conversation: Conversation | undefined): void {
    if (this.pending && this.pending.conversation === conversation)
      this.deps.post({ type: 'answeredBefore', offer: this.pending.view });
  }

  /** After a turn: a question answered for real (complete) is remembered with its answer. */
  async learn(conversation: Conversation): Promise<void> {
    const answer = conversation.messages.at(-1);
    const question = conversation.messages.at(-2);
    if (answer?.role !== 'assistant' || answer.status !== 'complete' || answer.reused) return;
    if (question?.role !== 'user') return;
    const vector = this.vectors.get(question.id);
    if (!vector) return;
    this.vectors.delete(question.id);
    await this.deps.questions
      .remember(vector, { conversationId: conversation.id, questionId: question.id, answerId: answer.id })
      .catch((err: unknown) => this.deps.onError?.(err));
  }

  /** The earlier question and its complete answer, if history still has them. */
  private find(ref: AnsweredRef): { question: StoredMessage; answer: StoredMessage } | undefined {
    const messages = this.deps.store().get(ref.conversationId)?.messages ?? [];
    const question = messages.find((m) => m.id === ref.questionId && m.role === 'user');
    const answer = messages.find((m) => m.id === ref.answerId && m.role === 'assistant');
    if (!question || !answer || answer.status !== 'complete' || answer.content === '') return undefined;
    return { question, answer };
  }
}
