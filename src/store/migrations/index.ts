import { articlesSeen } from './001_articles_seen.js';
import { subscribers } from './002_subscribers.js';
import { subscriberConsentNotices } from './003_subscriber_consent_notices.js';
import { digests } from './004_digests.js';
import { sendRuns } from './005_send_runs.js';
import { scheduleAudit } from './006_schedule_audit.js';
import { deliveryOutcomes } from './007_delivery_outcomes.js';
import { bounces } from './008_bounces.js';
import { consoleIndexes } from './009_console.js';
import type { StoreMigration } from './types.js';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const migrations: StoreMigration[] = [
  articlesSeen,
  subscribers,
  subscriberConsentNotices,
  digests,
  sendRuns,
  scheduleAudit,
  deliveryOutcomes,
  bounces,
  consoleIndexes,
];
