// Spaces sends so that, at every moment, the number of records released is rate × elapsed time.
// Releasing in chunks of about 1/50 s keeps the CPU cost per second small at any rate while
// staying close to the set rate over any window longer than a fraction of a second.
import { setTimeout as sleep } from 'node:timers/promises';

export class Pacer {
  private readonly startedMs: number;
  private released = 0;

  /** rate 0 means unpaced: take() returns the whole request at once. */
  constructor(
    private readonly rate: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedMs = now();
  }

  /** The chunk to ask for: small enough to keep the pace smooth, never more than `max`. */
  chunk(max: number): number {
    if (this.rate === 0) return max;
    return Math.max(1, Math.min(max, Math.ceil(this.rate / 50)));
  }

  /** Waits until `wanted` more records are due; returns how many may go now (at most `wanted`). */
  async take(wanted: number, signal?: AbortSignal): Promise<number> {
    if (this.rate === 0) return wanted;
    for (;;) {
      const due = Math.floor(((this.now() - this.startedMs) / 1000) * this.rate) - this.released;
      if (due >= 1) {
        const granted = Math.min(wanted, due);
        this.released += granted;
        return granted;
      }
      const waitMs = ((this.released + 1) / this.rate) * 1000 - (this.now() - this.startedMs);
      try {
        await sleep(Math.max(1, Math.ceil(waitMs + (wanted - 1) * (1000 / this.rate))), undefined, { signal });
      } catch {
        return 0; // aborted: the caller is stopping
      }
    }
  }
}
