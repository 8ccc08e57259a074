import type { DomainHold } from '../send/index.js';
import type { Db } from './database.js';

/** A row this old (since its last refusal) is forgotten: the domain starts afresh. */
const FORGET_AFTER_MS = 24 * 3_600_000;

/**
 * Records (or renews) a domain's hold; the latest refusal's backoff wins. Holds not renewed for
 * a day are forgotten here, where writes are rare (a refusal), not at every worker's read.
 */
export async function holdDomain(db: Db, hold: DomainHold, now: Date): Promise<void> {
  await db.kysely
    .deleteFrom('domain_deferrals')
    .where('updated_at', '<', now.getTime() - FORGET_AFTER_MS)
    .execute();
  const values = {
    domain: hold.domain,
    held_until: hold.until.getTime(),
    failures: hold.failures,
    updated_at: now.getTime(),
  };
  await db.kysely
    .insertInto('domain_deferrals')
    .values(values)
    .onConflict((oc) =>
      oc.column('domain').doUpdateSet({
        held_until: values.held_until,
        failures: values.failures,
        updated_at: values.updated_at,
      }),
    )
    .execute();
}

/** A message to the domain was accepted: it is held no more, for anyone. */
export async function releaseDomain(db: Db, domain: string): Promise<void> {
  await db.kysely.deleteFrom('domain_deferrals').where('domain', '=', domain).execute();
}

/** Every domain some worker holds back (or did lately: its failure count sets the backoff). */
export async function heldDomains(db: Db): Promise<DomainHold[]> {
  const rows = await db.kysely.selectFrom('domain_deferrals').selectAll().execute();
  return rows.map((row) => ({
    domain: row.domain,
    until: new Date(Number(row.held_until)),
    failures: row.failures,
  }));
}
