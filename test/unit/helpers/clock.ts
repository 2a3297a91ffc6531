// A sleep that records the waits and returns at once, so retry tests check every backoff without waiting.
export interface RecordingSleep {
  waits: number[];
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function recordingSleep(): RecordingSleep {
  const waits: number[] = [];
  return {
    waits,
    sleep(ms: number, signal?: AbortSignal): Promise<void> {
      waits.push(ms);
      if (signal?.aborted) return Promise.reject(signal.reason);
      return Promise.resolve();
    },
  };
}

/** A clock whose time moves only when a test says so; timers due by then run in order. */
export class FakeClock {
  private time: number;
  private timers: { at: number; id: number; cb: () => void }[] = [];
  private nextId = 1;

  constructor(start = 1_000_000) {
    this.time = start;
  }

  now = (): number => this.time;

  setTimeout = (cb: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.push({ at: this.time + Math.max(0, ms), id, cb });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.timers = this.timers.filter((t) => t.id !== handle);
  };

  /** Moves time forward by `ms`, running every timer due on the way, then lets promise callbacks settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.time = next.at;
      next.cb();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

/** Lets pending promise callbacks run (a few turns of the microtask queue). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
