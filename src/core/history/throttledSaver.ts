// Saves a growing answer at most once per interval while it streams, so a reload or a crash loses at most one
// interval of text, without writing the file on every one of thousands of chunks. Saves never overlap: a request
// that arrives while one is running is folded into a single follow-up save.

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
): ThrottledSaver {
  let dirty = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
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
      if (timer === undefined) timer = setTimeout(() => void runSave(), intervalMs);
    },
    async flush() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      dirty = true;
      await runSave();
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      dirty = false;
    },
  };
}
