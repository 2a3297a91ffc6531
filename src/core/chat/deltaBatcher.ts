// Coalesces the SDK's content deltas into fewer turnDelta messages: a long answer arrives in thousands of tiny
// chunks, and each postMessage crosses a process boundary into the webview, which redraws at most once a frame
// anyway. The first delta of a burst goes out at once (time to first token stays honest); the rest within
// `intervalMs`. Order is preserved; flush() before done/error/snapshot.

export class DeltaBatcher {
  private pending = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSent = 0;

  constructor(
    private readonly send: (text: string) => void,
    private readonly intervalMs = 16,
    private readonly now: () => number = Date.now,
  ) {}

  push(text: string): void {
    if (text === '') return;
    this.pending += text;
    if (this.timer !== undefined) return;
    const wait = this.lastSent + this.intervalMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.lastSent = this.now();
    this.send(text);
  }
}
