import { articlesSeen } from './001_articles_seen.js';
import { subscribers } from './002_subscribers.js';
import { subscriberConsentNotices } from './003_subscriber_consent_notices.js';
import { digests } from './004_digests.js';
import { sendRuns } from './005_send_runs.js';
import { scheduleAudit } from './006_schedule_audit.js';
import { deliveryOutcomes } from './007_delivery_outcomes.js';
import { bounces } from './008_bounces.js';
import { consoleIndexes } from './009_console.js';
import { consoleSessions } from './010_console_sessions.js';
import { runPause } from './011_run_pause.js';
import { auditPaging } from './012_audit_paging.js';
import { domainDeferrals } from './013_domain_deferrals.js';
import { articleUrls } from './014_article_urls.js';
import { security } from './015_security.js';
import { digestSiteUrl } from './017_digest_site_url.js';
import { complaints } from './018_complaints.js';
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
  consoleSessions,
  runPause,
  auditPaging,
  domainDeferrals,
  articleUrls,
  security,
  digestSiteUrl,
  complaints,
];
