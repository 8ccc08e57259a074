import type { Logger } from '../log.js';
import { type Db, pruneAudit } from '../store/index.js';

const DAY_MS = 86_400_000;

/**
 * The scheduler's daily job that deletes audit rows older than `days`
 * (`GAZETTE_AUDIT_RETENTION_DAYS`): the log says who did what recently, and holds client
 * addresses, so it is not kept for ever. Every worker may run it; a second run deletes nothing.
 */
export function auditRetentionJob(
  db: Db,
  days: number,
  logger: Logger,
  clock: () => Date = () => new Date(),
) {
  return {
    name: 'audit-retention',
    cron: '17 4 * * *',
    async run(): Promise<void> {
      const before = new Date(clock().getTime() - days * DAY_MS);
      const deleted = await pruneAudit(db, before);
      if (deleted > 0) logger.info({ deleted, before }, 'old audit rows deleted');
    },
  };
}
