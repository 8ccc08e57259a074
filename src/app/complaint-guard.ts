import { guardRun, guardSweep } from '../complaints/index.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { createGuardStore, type Db } from '../store/index.js';

/**
 * The complaint-rate guard as the inbound paths call it after a new complaint: a run that passes
 * `GAZETTE_COMPLAINT_PAUSE` is held, and the hold is logged (level `warn`).
 */
export function complaintGuard(config: Config, db: Db, logger: Pick<Logger, 'warn'>) {
  const store = createGuardStore(db);
  return {
    async afterComplaint(runId: string): Promise<void> {
      const reason = await guardRun(store, runId, config.complaintPause, new Date());
      if (reason) logger.warn({ runId, reason }, 'run paused by the complaint-rate guard');
    },
    /** The periodic check of `serve`: runs whose delivered count grew past the minimum. */
    async sweep(): Promise<void> {
      for (const held of await guardSweep(store, config.complaintPause, new Date())) {
        logger.warn(held, 'run paused by the complaint-rate guard');
      }
    },
  };
}
