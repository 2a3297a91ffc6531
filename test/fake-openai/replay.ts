// `replay=<stem>`: serves ../shared/openai-recorded-streams/<stem>.sse byte for byte, as the API once sent it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sendError, standardHeaders } from './http';
import { isGone, sseHeaders, writeBytes } from './sse';
import type { RouteContext } from './types';

/** Env OPENAI_RECORDED_STREAMS, else <repo>/../shared/openai-recorded-streams. */
export function recordedStreamsDir(): string {
  return (
    process.env.OPENAI_RECORDED_STREAMS ||
    path.resolve(__dirname, '..', '..', '..', 'shared', 'openai-recorded-streams')
  );
}

export function recordedStreamPath(stem: string): string {
  return path.join(recordedStreamsDir(), `${stem}.sse`);
}

export async function replay(ctx: RouteContext, stem: string): Promise<void> {
  const file = recordedStreamPath(stem);
  if (!/^[\w.-]+$/.test(stem) || !fs.existsSync(file)) {
    // Loud on purpose: a test that needs a recording must say which one is missing.
    sendError(ctx, 500, {
      message: `fake OpenAI: no recorded stream '${stem}' (looked for ${file})`,
      type: 'server_error',
      param: null,
      code: 'fake_replay_missing',
    });
    return;
  }
  const bytes = fs.readFileSync(file);
  ctx.recordStatus(200);
  ctx.res.writeHead(200, { ...standardHeaders(ctx.requestId, ctx.startedAt, ctx.state), ...sseHeaders() });
  if ((await writeBytes(ctx.res, bytes)) && !isGone(ctx.res)) ctx.res.end();
}
