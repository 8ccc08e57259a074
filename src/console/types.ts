import type { Frequency, Run, RunAction } from '../send/index.js';
import type { AuditEntry } from '../store/index.js';

/** Where every operator action is written (the `admin_audit` table). */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** What a send is for: the same three choices as `gazette send` and `POST /admin/sends`. */
export interface SendChoice {
  frequency: Frequency;
  categories: string[];
}

/** A run's progress as the run page shows it, live or after a reload. */
export interface Progress {
  id: string;
  status: string;
  dryRun: boolean;
  /** What the bar fills towards: planned deliveries (a dry run: subscribers to go through). */
  total: number;
  /** How far the bar is. */
  done: number;
  sent: number;
  failed: number;
  skipped: number;
  pending: number;
  inFlight: number;
  /** A dry run: the digests a real run would send now (0 for a real run). */
  wouldSend: number;
  /** An operator paused it: no worker of any process sends it until it is resumed. */
  paused: boolean;
  /** Workers of any process whose heartbeat is fresh. */
  workers: number;
  finished: boolean;
}

/** One pre-send check (`gazette doctor`); the dashboard lists those that fail. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/**
 * The serving process's runner (`send/runner.ts`): the one behind `POST /admin/sends` and the
 * scheduler, so a run the console starts, resumes or retries is worked on (and stopped at
 * shutdown) like theirs.
 */
export interface RunWorker {
  startRun(request: {
    frequency: Frequency;
    categories: string[];
    dryRun: false;
    startedBy: string;
  }): Promise<Run>;
  /**
   * A run button: pause stops every worker on the run in every process and leaves it unfinished;
   * resume continues it here; cancel closes it and skips what is pending; retry sends its failed
   * deliveries again (never a sent one). Resolves with what changed: 1 or 0 runs, or the
   * deliveries retried.
   */
  controlRun(runId: string, action: RunAction): Promise<number>;
}
