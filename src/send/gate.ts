import type { Outbox } from './ports.js';
import type { Outcome, SendCaps, Step, StepResult } from './types.js';

export type StartAnswer =
  | { status: 'started' }
  | { status: 'lost' }
  | { status: 'capped'; resumeAt: Date };

/**
 * Group commit for the lanes of one worker: the outcomes that lanes reported and the deliveries
 * they are about to hand to SMTP since the last write go out in the next single step. A lane
 * waits only for its start, never for its outcome: it records the outcome of one message and asks
 * to start the next in the same step, so each lane has at most one `sending` row at any moment.
 * After a crash, the deliveries that may have gone out twice are bounded by the pool size.
 */
export class Gate {
  private outcomes: Outcome[] = [];
  private starts: {
    id: number;
    done: (answer: StartAnswer) => void;
    fail: (e: unknown) => void;
  }[] = [];
  private writing: Promise<void> | undefined;
  private scheduled = false;

  constructor(
    private readonly store: Pick<Outbox, 'step'>,
    private readonly worker: string,
    private readonly caps: SendCaps,
    private readonly clock: () => Date,
    private readonly onWritten: (outcomes: Outcome[], result: StepResult) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  record(outcome: Outcome): void {
    this.outcomes.push(outcome);
    this.schedule();
  }

  start(id: number): Promise<StartAnswer> {
    return new Promise((done, fail) => {
      this.starts.push({ id, done, fail });
      this.schedule();
    });
  }

  /** Resolves once everything recorded so far is written. */
  async flush(): Promise<void> {
    while (this.writing || this.outcomes.length > 0 || this.starts.length > 0) {
      if (!this.writing) this.drain();
      await this.writing;
    }
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    // One turn of the event loop: lanes whose replies arrived together share the write.
    setImmediate(() => {
      this.scheduled = false;
      if (!this.writing) this.drain();
    });
  }

  private drain(): void {
    const outcomes = this.outcomes.splice(0);
    const starts = this.starts.splice(0);
    if (outcomes.length === 0 && starts.length === 0) return;
    const step: Step = { outcomes, start: starts.map((s) => s.id), caps: this.caps };
    this.writing = this.store
      .step(this.worker, step, this.clock())
      .then((result) => {
        this.onWritten(outcomes, result);
        const started = new Set(result.started);
        const lost = new Set(result.lost);
        for (const s of starts) {
          if (started.has(s.id)) s.done({ status: 'started' });
          else if (lost.has(s.id) || !result.resumeAt) s.done({ status: 'lost' });
          else s.done({ status: 'capped', resumeAt: result.resumeAt });
        }
      })
      .catch((error) => {
        for (const s of starts) s.fail(error);
        this.onError(error);
      })
      .finally(() => {
        this.writing = undefined;
        if (this.outcomes.length > 0 || this.starts.length > 0) this.schedule();
      });
  }
}
