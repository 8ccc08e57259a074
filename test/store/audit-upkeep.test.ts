import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditRetentionJob } from '../../src/console/index.js';
import { createLogger } from '../../src/log.js';
import { type AuditEntry, listAudit, recordAudit, recordRefusal } from '../../src/store/index.js';
import { databases, type TestDatabase } from '../helpers/db.js';

const AT = new Date('2024-06-21T08:00:00Z');
const DAY = 86_400_000;
const entry = (at: Date, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  at,
  actor: 'console',
  action: 'console.sign-in',
  target: null,
  status: 429,
  detail: null,
  ip: '203.0.113.7',
  userAgent: 'z'.repeat(512),
  ...overrides,
});

describe.each(databases)('audit upkeep on $name', ({ create }) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await create();
  });
  afterEach(async () => {
    await database?.drop();
  });

  it('counts refusals of one client in one row a minute', async () => {
    for (let i = 0; i < 30; i++)
      await recordRefusal(database.db, entry(new Date(AT.getTime() + i * 1000)));
    // Another client, another status: rows of their own.
    await recordRefusal(database.db, entry(AT, { ip: '198.51.100.1' }));
    await recordRefusal(database.db, entry(AT, { status: 401 }));
    // A minute after the row's first refusal, a new row starts.
    await recordRefusal(database.db, entry(new Date(AT.getTime() + 61_000)));
    const rows = await listAudit(database.db, 10);
    expect(rows.map((r) => [r.ip, r.status, r.repeats])).toEqual([
      ['203.0.113.7', 429, 1],
      ['203.0.113.7', 401, 1],
      ['198.51.100.1', 429, 1],
      ['203.0.113.7', 429, 30],
    ]);
  });

  it('the daily job deletes rows older than the retention', async () => {
    await recordAudit(database.db, entry(new Date(AT.getTime() - 400 * DAY)));
    await recordAudit(database.db, entry(new Date(AT.getTime() - 366 * DAY)));
    await recordAudit(database.db, entry(new Date(AT.getTime() - 364 * DAY)));
    await recordAudit(database.db, entry(AT));
    const job = auditRetentionJob(database.db, 365, createLogger('silent'), () => AT);
    await job.run();
    const left = await listAudit(database.db, 10);
    expect(left.map((r) => (AT.getTime() - r.at.getTime()) / DAY)).toEqual([0, 364]);
    await job.run();
    expect(await listAudit(database.db, 10)).toHaveLength(2);
  });
});
