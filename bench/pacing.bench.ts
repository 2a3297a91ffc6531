// `pacing.rate_limited_share`: 200 chat requests, 20 at a time, on loopback against the fake server limited to
// WINDOW_REQUESTS per WINDOW_MS window — it says so in real x-ratelimit-* headers and answers 429 past the limit —
// with about 20 % of attempts failing on purpose (429 with retry-after, 5xx, connection resets). The figure is the
// share of attempts refused by the window (not the injected 429s) for the Workbench, whose scheduler paces on the
// headers; the baseline, in the same run, is the same Workbench with pacing off (it honours only each 429's own
// retry-after, like a client that ignores the headers). Every request must be answered and every ledger entry must
// match what the server saw (attempts, a request id, the usage of the answer). Goal: ≤ 0.05.
import { startFakeOpenAI, type FakeOpenAI } from '../test/fake-openai/server';
import {
  ModelCatalogue,
  RequestScheduler,
  createOpenAIClient,
  createWorkbench,
  type LedgerEntry,
  type WorkbenchChatResult,
} from '../src/core';
import { figure, type BenchFigure } from './report';

const REQUESTS = 200;
const AT_A_TIME = 20;
const WINDOW_REQUESTS = 5;
const WINDOW_MS = 250;
// Independent per attempt: 1 − 0.92 · 0.94 · 0.94 ≈ 19 % of attempts fail.
const FAULTS =
  'server_error;chance=0.08, reset_before_headers;chance=0.06, rate_limit;chance=0.06;retry_after_ms=50';

interface Outcome {
  share: number;
  attempts: number;
  refused: number;
  answered: number;
  ledgerExact: boolean;
}

async function measure(pacing: boolean): Promise<Outcome> {
  const fake = await startFakeOpenAI({
    quiet: true,
    rateLimit: { requests: WINDOW_REQUESTS, windowMs: WINDOW_MS },
    faultSeed: 7,
  });
  try {
    const entries: LedgerEntry[] = [];
    const wb = createWorkbench({
      client: createOpenAIClient({
        apiKey: 'sk-bench-not-a-key',
        baseURL: fake.baseURL,
        defaultHeaders: { 'x-fake-fault': FAULTS },
      }),
      ledger: { append: async (e) => void entries.push(e), flush: async () => undefined },
      catalogue: new ModelCatalogue(),
      redaction: false,
      maxConcurrent: AT_A_TIME,
      ...(pacing
        ? {}
        : { scheduler: new RequestScheduler({ maxConcurrent: () => AT_A_TIME, pacing: false }) }),
      chatOptions: {
        retry: { maxAttempts: 12, baseDelayMs: 10, maxDelayMs: 200, jitter: 0.2 },
      },
    });
    const results = new Map<number, WorkbenchChatResult>();
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < REQUESTS; i = next++) {
        const r = await wb
          .chat(
            {
              model: 'gpt-4.1-mini',
              messages: [{ role: 'user', content: `bench request #${i}# [[fake:chunks=2]]` }],
            },
            { feature: 'bench', priority: 'background', cache: false, moderate: false },
          )
          .catch(() => undefined);
        if (r) results.set(i, r);
      }
    };
    await Promise.all(Array.from({ length: AT_A_TIME }, worker));
    const attempts = fake.requests.filter((r) => r.path === '/v1/chat/completions').length;
    const refused = fake.rateLimit?.refused ?? 0;
    return {
      share: attempts === 0 ? 0 : refused / attempts,
      attempts,
      refused,
      answered: results.size,
      ledgerExact: ledgerMatches(entries, results, fake),
    };
  } finally {
    await fake.close();
  }
}

/** One ok entry per answered request, with the attempts the server saw for it, its request id and its usage. */
function ledgerMatches(
  entries: LedgerEntry[],
  results: Map<number, WorkbenchChatResult>,
  fake: FakeOpenAI,
): boolean {
  const ok = entries.filter((e) => e.status === 'ok');
  if (ok.length !== results.size) return false;
  const seen = new Map<number, number>();
  for (const r of fake.requests) {
    const m = /bench request #(\d+)#/.exec(JSON.stringify(r.body));
    if (m) seen.set(Number(m[1]), (seen.get(Number(m[1])) ?? 0) + 1);
  }
  const byId = new Map(ok.map((e) => [e.requestId, e]));
  for (const [i, r] of results) {
    const e = byId.get(r.requestId ?? null);
    if (!e || e.attempts !== seen.get(i) || e.attempts !== r.attempts) return false;
    const u = r.usage;
    if (!u || e.tokens.prompt !== u.promptTokens || e.tokens.completion !== u.completionTokens) return false;
  }
  return new Set(ok.map((e) => e.requestId)).size === ok.length;
}

export async function run(): Promise<BenchFigure[]> {
  const paced = await measure(true);
  const baseline = await measure(false);
  console.error(
    `pacing: paced ${paced.answered}/${REQUESTS} answered, ${paced.refused}/${paced.attempts} attempts refused by ` +
      `the window, ledger ${paced.ledgerExact ? 'exact' : 'WRONG'}; baseline ${baseline.answered}/${REQUESTS}, ` +
      `${baseline.refused}/${baseline.attempts} refused`,
  );
  if (paced.answered !== REQUESTS || !paced.ledgerExact) {
    throw new Error('pacing bench: not every request was answered with an exact ledger entry');
  }
  return [figure('pacing.rate_limited_share', paced.share, baseline.share, 'share', '<= 0.05')];
}
