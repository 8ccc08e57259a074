import type { DeliveryStore } from './ports.js';
import type { Outcome } from './types.js';

/**
 * Group commit for outcomes: whatever lanes finished while the previous write ran goes out in
 * the next single write. A lane waits for its outcome to be written before its next message,
 * so at any moment at most one accepted-but-unrecorded message per lane exists: after a crash,
 * the doubles are bounded by the pool size.
 */
export class Recorder {
  private queue: { outcome: Outcome; done: (lost: boolean) => void; fail: (e: unknown) => void }[] =
    [];
  private writing = false;

  constructor(
    private readonly store: DeliveryStore,
    private readonly worker: string,
    private readonly clock: () => Date,
    private readonly onWritten: (outcomes: Outcome[], lost: number[]) => void,
  ) {}

  /** Resolves true when the claim had been lost (another worker took the row). */
  add(outcome: Outcome): Promise<boolean> {
    return new Promise((done, fail) => {
      this.queue.push({ outcome, done, fail });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      const outcomes = batch.map((item) => item.outcome);
      try {
        const lost = await this.store.record(this.worker, outcomes, this.clock());
        const lostSet = new Set(lost);
        this.onWritten(outcomes, lost);
        for (const item of batch) item.done(lostSet.has(item.outcome.id));
      } catch (error) {
        for (const item of batch) item.fail(error);
      }
    }
    this.writing = false;
  }
}
