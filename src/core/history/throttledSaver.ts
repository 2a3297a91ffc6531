// Saves a growing answer at most once per interval while it streams, so a reload or a crash loses at most one
// interval of text, without writing the file on every one of thousands of chunks. Saves never overlap: a request
// that arrives while one is running is folded into a single follow-up save.

/** The timer functions a saver or store schedules with: the real ones, or a test's fake clock. */
export interface Timers {
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (cb, ms) => setTimeout(cb, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ThrottledSaver {
  /** Note that the data changed; a save happens within `intervalMs`. */
  touch(): void;
  /** Save now — always, even without a touch, so the final state reaches disk — and wait for every save. */
  flush(): Promise<void>;
  /** Stop scheduling; pending timers are cleared (does not save). */
  cancel(): void;
}

export function createThrottledSaver(
  save: () => Promise<void>,
  intervalMs: number,
  onError: (err: unknown) => void = () => undefined,
  timers: Timers = realTimers,
): ThrottledSaver {
  let dirty = false;
  let timer: unknown;
  let running: Promise<void> = Promise.resolve();

  const runSave = (): Promise<void> => {
    timer = undefined;
    if (!dirty) return running;
    dirty = false;
    running = running.then(save).catch(onError);
    return running;
  };

  return {
    touch() {
      dirty = true;
      if (timer === undefined) timer = timers.setTimeout(() => void runSave(), intervalMs);
    },
    async flush() {
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      dirty = true;
      await runSave();
    },
    cancel() {
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      dirty = false;
    },
  };
}
