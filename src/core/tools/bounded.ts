// Runs the calls of one round with at most `limit` at a time, results in the order of the inputs. Stop does not
// wait for running work: on abort this resolves at once (the caller checks the signal) and the tools, which got
// the same signal, end on their own.

export async function runBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  signal: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { err: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal.aborted && !failure) {
      const i = next++;
      try {
        results[i] = await work(items[i]!);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<void>((resolve) => {
    onAbort = () => resolve();
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
    await Promise.race([Promise.all(workers), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
  if (failure && !signal.aborted) throw failure.err;
  return results;
}
