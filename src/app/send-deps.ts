import type { Config } from '../config.js';
import type { Mailer, SendDeps } from '../send/index.js';
import { createDeliveryStore, type Db } from '../store/index.js';
import { digestWiring } from './digests.js';
import { mailDomainOf } from './mailer.js';

/**
 * Everything a send needs, as every command and `gazette serve` wire it: the store, `mailer`,
 * the digest wiring (articles, first-seen instants, templates) read afresh, and the configured
 * caps and rate. `extra` overrides (a stop signal, progress events, an instrumented store).
 */
export async function sendDepsFor(
  config: Config,
  db: Db,
  mailer: Mailer,
  extra: Partial<SendDeps> = {},
): Promise<SendDeps> {
  const clock = () => new Date();
  return {
    store: createDeliveryStore(db),
    mailer,
    ...(await digestWiring(config, db, clock())),
    messageDomain: mailDomainOf(config),
    clock,
    caps: { hourly: config.sendHourlyCap, daily: config.sendDailyCap },
    rate: config.sendRate,
    ...extra,
  };
}
