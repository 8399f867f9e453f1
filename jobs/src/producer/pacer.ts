// Spaces sends so that the number of records released is rate × elapsed time. Records go out in
// chunks of a tenth of a second's worth, and the total stays exact over the run. Larger, rarer
// chunks were measured (2026-12-06, --rate 10000, paired runs): half a second's worth, five times
// fewer produce calls, used the same CPU (ratio 1.01), because kafkajs's cost is per record, not per
// call; a tenth of a second keeps the pace smooth at no extra cost.
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
    return Math.max(1, Math.min(max, Math.ceil(this.rate / 10)));
  }

  /** Waits until `wanted` more records are due; returns how many may go now (at most `upTo`, by default `wanted`).
   * When `signal` aborts the wait, returns what is due at that moment, so a timed run ends with
   * exactly rate × elapsed records rather than one chunk short.
   * `upTo` lets a sender that fell behind (acknowledgements slower than the chunk period) take
   * everything due so far, up to that many, in one batch, so the pace holds with one batch in flight. */
  async take(wanted: number, signal?: AbortSignal, upTo = wanted): Promise<number> {
    if (this.rate === 0) return wanted;
    for (;;) {
      const due = this.due();
      if (due >= wanted) return this.release(Math.min(Math.max(wanted, upTo), due));
      if (due >= 1 && signal?.aborted) return this.release(Math.min(wanted, due));
      if (signal?.aborted) return 0;
      const untilWanted = ((this.released + wanted) / this.rate) * 1000 - (this.now() - this.startedMs);
      try {
        await sleep(Math.max(1, Math.ceil(untilWanted)), undefined, { signal });
      } catch {
        // aborted: loop once more to hand out what is due by now
      }
    }
  }

  private due(): number {
    return Math.floor(((this.now() - this.startedMs) / 1000) * this.rate) - this.released;
  }

  private release(count: number): number {
    this.released += count;
    return count;
  }
}
