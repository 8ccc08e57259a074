import type { Config } from '../config.js';
import { failureSummary } from '../doctor/index.js';
import type { Logger } from '../log.js';
import { type Db, recordStoppedRun, type StoppedRun } from '../store/index.js';
import { preSendCheck } from './doctor-input.js';
import { CliError } from './errors.js';

/**
 * The check before a send run: warnings are logged and printed, never stop the run; a failure
 * records a cancelled run with the reasons (for `runs show`), logs them, and stops the command.
 */
export async function checkBeforeSend(
  config: Config,
  db: Db,
  logger: Logger,
  run: StoppedRun,
): Promise<void> {
  const stopped = await stopIfCheckFails(config, db, logger, run, (message) =>
    process.stderr.write(`warning: ${message}\n`),
  );
  if (!stopped) return;
  const lines = stopped.failures.map((message) => `  ${message}`).join('\n');
  throw new CliError(
    `gazette send: run ${stopped.runId} stopped before sending anything; the pre-send check failed:\n${lines}\n` +
      'fix these (see gazette doctor), or send anyway with gazette send --force',
  );
}

/**
 * The same check before a scheduled slot: true when the slot may be sent. A failure is recorded
 * as a cancelled run with the reasons, so `runs show` and the console say why nothing went out.
 */
export async function checkBeforeScheduledRun(
  config: Config,
  db: Db,
  logger: Logger,
  run: StoppedRun,
): Promise<boolean> {
  return (await stopIfCheckFails(config, db, logger, run)) === undefined;
}

async function stopIfCheckFails(
  config: Config,
  db: Db,
  logger: Logger,
  run: StoppedRun,
  warn?: (message: string) => void,
): Promise<{ runId: string; failures: string[] } | undefined> {
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
