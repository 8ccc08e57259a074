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
  const report = await preSendCheck(config);
  for (const warning of report.warnings) {
    logger.warn({ check: warning.check }, `pre-send check: ${warning.message}`);
    process.stderr.write(`warning: ${warning.message}\n`);
  }
  if (report.failures.length === 0) return;
  const reason = failureSummary(report);
  const id = await recordStoppedRun(db, run, reason, new Date());
  logger.error({ runId: id, failures: report.failures }, 'send run stopped by the pre-send check');
  const lines = report.failures.map((f) => `  ${f.message}`).join('\n');
  throw new CliError(
    `gazette send: run ${id} stopped before sending anything; the pre-send check failed:\n${lines}\n` +
      'fix these (see gazette doctor), or send anyway with gazette send --force',
  );
}
