import type { Config } from '../config.js';
import { failureSummary } from '../doctor/index.js';
import type { Logger } from '../log.js';
import { type Db, recordStoppedRun, type StoppedRun } from '../store/index.js';
import { preSendCheck } from './doctor.js';

/** A run the pre-send check stopped: recorded as cancelled, with the reasons. */
export interface StoppedBeforeSending {
  runId: string;
  failures: string[];
}

/**
 * The check before a send run: warnings are logged (and given to `warn`), never stop the run; a
 * failure records a cancelled run with the reasons (for `runs show` and the console), logs them,
 * and is returned. Undefined: the run may go.
 */
export async function checkBeforeSend(
  config: Config,
  db: Db,
  logger: Logger,
  run: StoppedRun,
  warn?: (message: string) => void,
): Promise<StoppedBeforeSending | undefined> {
  const report = await preSendCheck(config, new Date(), { db });
  for (const warning of report.warnings) {
    logger.warn({ check: warning.check }, `pre-send check: ${warning.message}`);
    warn?.(warning.message);
  }
  if (report.failures.length === 0) return undefined;
  const runId = await recordStoppedRun(db, run, failureSummary(report), new Date());
  logger.error({ runId, failures: report.failures }, 'send run stopped by the pre-send check');
  return { runId, failures: report.failures.map((failure) => failure.message) };
}

/** The same check before a scheduled slot: true when the slot may be sent. */
export async function checkBeforeScheduledRun(
  config: Config,
  db: Db,
  logger: Logger,
  run: StoppedRun,
): Promise<boolean> {
  return (await checkBeforeSend(config, db, logger, run)) === undefined;
}
