// Server-sent events as the API frames them (`data: {json}\n\n`, `data: [DONE]\n\n`), written progressively: each
// write is followed by a turn of the event loop so clients really see data arrive in pieces. Long streams (the bench
// asks for 10,000 chunks) are written in batches so they stay fast without per-chunk timers.
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';

export const DONE_FRAME = 'data: [DONE]\n\n';
/** Above this many frames, several frames share one write (at most ~MAX_WRITES writes per stream). */
const MAX_WRITES = 200;

export function frame(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

export function sseHeaders(): Record<string, string> {
  return {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  };
}

/** True once the client went away (or the fake destroyed the socket); writers stop then. */
export function isGone(res: ServerResponse): boolean {
  return res.destroyed || res.writableEnded || res.socket === null || res.socket.destroyed;
}

async function writeOne(res: ServerResponse, text: string | Buffer): Promise<boolean> {
  if (isGone(res)) return false;
  const flushed = new Promise<void>((resolve) => {
    if (!res.write(text)) {
      const done = (): void => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    } else resolve();
  });
  await flushed;
  await nextTurn();
  return !isGone(res);
}

/**
 * Writes frames in order with a pause between writes; false if the client went away meanwhile. With `paceMs`
 * (the offline demo) every frame is its own write, `paceMs` apart, so a person can watch it stream and press Stop.
 */
export async function writeFrames(res: ServerResponse, frames: string[], paceMs?: number): Promise<boolean> {
  if (paceMs !== undefined) {
    for (const piece of frames) {
      if (!(await writeOne(res, piece))) return false;
      await sleep(paceMs);
      if (isGone(res)) return false;
    }
    return true;
  }
  const perWrite = Math.max(1, Math.ceil(frames.length / MAX_WRITES));
  for (let i = 0; i < frames.length; i += perWrite) {
    const piece = perWrite === 1 ? (frames[i] as string) : frames.slice(i, i + perWrite).join('');
    if (!(await writeOne(res, piece))) return false;
  }
  return true;
}

/** Writes raw bytes unchanged, cut at event boundaries (blank lines) so the client gets them progressively. */
export async function writeBytes(res: ServerResponse, bytes: Buffer): Promise<boolean> {
  const pieces: Buffer[] = [];
  let start = 0;
  for (let i = bytes.indexOf('\n\n'); i >= 0; i = bytes.indexOf('\n\n', i + 2)) {
    pieces.push(bytes.subarray(start, i + 2));
    start = i + 2;
  }
  if (start < bytes.length) pieces.push(bytes.subarray(start));
  for (const piece of pieces) if (!(await writeOne(res, piece))) return false;
  return true;
}

/** Resolves when the socket is flushed, so a following destroy() does not discard what was written. */
export function flushed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (isGone(res)) resolve();
    else res.write('', () => resolve());
  });
}

/** Sends nothing for `ms` (or until the client goes away when ms is undefined); resolves true if still connected. */
export async function stall(res: ServerResponse, ms: number | undefined): Promise<boolean> {
  const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
  if (ms === undefined) {
    await closed;
    return false;
  }
  await Promise.race([sleep(ms), closed]);
  return !isGone(res);
}
