// POST /v1/moderations (omni-moderation-latest). Flags deterministically: words such as "kill" (violence),
// "suicide" (self-harm), "hate" or "idiot" (hate / harassment), or an explicit marker `[[flag:<category>]]`.
import { randomBytes } from 'node:crypto';
import { sendJson } from '../http';
import { findModel } from '../models';
import type { Route } from '../types';

const CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;

/** Categories omni-moderation also scores for images. */
const IMAGE_CATEGORIES = new Set([
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'violence',
  'violence/graphic',
]);

const TRIGGERS: Array<[RegExp, string[]]> = [
  [/\b(kill|murder|stab)\w*/i, ['violence']],
  [/\b(gore|dismember)\w*/i, ['violence', 'violence/graphic']],
  [/\b(suicide|self-harm)\b/i, ['self-harm', 'self-harm/intent']],
  [/\bhate\b/i, ['hate']],
  [/\bidiot\b/i, ['harassment']],
  [/\b(bomb|meth)\b/i, ['illicit', 'illicit/violent']],
];

type ModerationInput =
  | string
  | string[]
  | Array<{ type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } }>;

function flaggedCategories(text: string): Set<string> {
  const out = new Set<string>();
  for (const [re, cats] of TRIGGERS) if (re.test(text)) cats.forEach((c) => out.add(c));
  for (const m of text.matchAll(/\[\[flag:([\w/-]+)\]\]/g)) out.add(m[1] as string);
  return out;
}

function result(text: string, withImage: boolean): Record<string, unknown> {
  const flagged = flaggedCategories(text);
  const categories: Record<string, boolean> = {};
  const scores: Record<string, number> = {};
  const applied: Record<string, string[]> = {};
  for (const c of CATEGORIES) {
    categories[c] = flagged.has(c);
    scores[c] = flagged.has(c) ? 0.9134 : 0.0000123;
    applied[c] = withImage && IMAGE_CATEGORIES.has(c) ? ['text', 'image'] : ['text'];
  }
  return {
    flagged: flagged.size > 0,
    categories,
    category_scores: scores,
    category_applied_input_types: applied,
  };
}

export const moderations: Route = {
  method: 'POST',
  pattern: '/moderations',
  model: (body) => (body as { model?: string }).model ?? 'omni-moderation-latest',
  handle: (ctx) => {
    const body = ctx.body as { input: ModerationInput; model?: string };
    const input = body.input;
    let results: Record<string, unknown>[];
    if (typeof input === 'string') results = [result(input, false)];
    else if (input.every((i) => typeof i === 'string'))
      results = (input as string[]).map((t) => result(t, false));
    else {
      // Multi-modal input is scored as one item.
      const parts = input as Array<{ type: string; text?: string }>;
      const text = parts.map((p) => p.text ?? '').join('\n');
      results = [
        result(
          text,
          parts.some((p) => p.type === 'image_url'),
        ),
      ];
    }
    const model = findModel(body.model ?? 'omni-moderation-latest')?.snapshot ?? body.model;
    sendJson(ctx, 200, { id: `modr-${randomBytes(12).toString('hex')}`, model, results });
  },
};
