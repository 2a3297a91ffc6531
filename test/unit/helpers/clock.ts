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
