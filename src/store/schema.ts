import type { Generated } from 'kysely';
import type { DeliveryStatus, RunStatus } from '../send/index.js';
import type { Frequency, SubscriberStatus } from '../subscribers/index.js';

export type { Frequency, SubscriberStatus };

/**
 * The tables as Kysely sees them. Instants are integer milliseconds; booleans are 0/1 integers;
 * lists are JSON text: the same on SQLite and PostgreSQL.
 */
export interface ArticleSeenTable {
  article_id: string;
  category_slug: string;
  first_seen_at: number;
}

/** Every slug ever given to an article (`014_article_urls`). */
export interface ArticleSlugsTable {
  slug: string;
  article_id: string;
  given_at: number;
}

/** Each article's settled slug and the content it was last seen with. */
export interface ArticleUrlsTable {
  article_id: string;
  slug: string;
  content_hash: string;
  /** When that content was first seen, if it is an edit; null for the first content. */
  content_since: number | null;
  settled_at: number;
}

export interface SubscribersTable {
  id: string;
  /** Normalised: trimmed, domain lower-cased. */
  email: string;
  name: string | null;
  /** JSON array of category slugs; `[]` means every category. */
  categories: string;
  frequency: Frequency;
  status: SubscriberStatus;
  /** IANA zone for local-time delivery; null: `GAZETTE_TIMEZONE`. */
  timezone: string | null;
  created_at: number;
  updated_at: number;
  subscribed_at: number | null;
  subscribed_ip: string | null;
  subscribed_user_agent: string | null;
  /** `web`, `cli` or `import` (migration 003). */
  subscribed_source: string | null;
  confirmed_at: number | null;
  confirmed_ip: string | null;
  confirmed_user_agent: string | null;
  unsubscribed_at: number | null;
  bounced_at: number | null;
  bounce_reason: string | null;
  /** A spam complaint, and what reported it (migration 018). */
  complained_at: number | null;
  complaint_source: string | null;
  preferences_updated_at: number | null;
  /** The last confirmation or preferences-link email sent to the address. */
  notice_sent_at: number | null;
}

export interface SendRunsTable {
  id: string;
  kind: string;
  frequency: Frequency;
  /** JSON array of category slugs; `[]`: every category. */
  categories: string;
  status: RunStatus;
  started_by: string;
  window_start: number | null;
  window_end: number;
  planned: number;
  sent: number;
  failed: number;
  skipped: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  last_error: string | null;
  /** While throttled: when a cap lets the run go on (migration 007). */
  resume_at: number | null;
  /** Set by an operator's pause: no worker claims the run's deliveries (migration 011). */
  paused_at: number | null;
  /** Why it is held: set by the complaint-rate guard, null for an operator's pause (migration 018). */
  pause_reason: Generated<string | null>;
  /** When the guard held the run: it holds a run once (migration 018). */
  guard_tripped_at: Generated<number | null>;
}

export interface DeliveriesTable {
  id: Generated<number>;
  run_id: string;
  subscriber_id: string;
  email: string;
  name: string | null;
  /** JSON array of the article ids planned (and, once sent, carried). */
  article_ids: string;
  more_count: number;
  message_id: string;
  status: DeliveryStatus;
  claimed_by: string | null;
  claimed_at: number | null;
  attempts: Generated<number>;
  sent_at: number | null;
  last_error: string | null;
  /** A later report of a permanent failure (migration 008). */
  bounced_at: number | null;
  bounce_reason: string | null;
  /** Migration 007: outcome details. */
  next_attempt_at: number | null;
  first_deferred_at: number | null;
  smtp_code: number | null;
  /** 1 once the delivery was `unknown`: a later copy may be a double. */
  in_doubt: Generated<number>;
}

/**
 * The rolling caps' per-minute buckets: messages handed to SMTP in each minute (rounded up). The
 * table keeps the name it was created with (migration 007).
 */
export interface CapBucketsTable {
  minute: number;
  used: number;
}

export interface SendCapsTable {
  id: string;
}

export interface SendWorkersTable {
  id: string;
  run_id: string;
  pid: number;
  host: string;
  started_at: number;
  heartbeat_at: number;
}

/** One row per digest content; the web view's HTML carries no subscriber's links. */
export interface DigestsTable {
  id: string;
  content_key: string;
  subject: string;
  html: string;
  /** JSON array of article ids, newest first. */
  article_ids: string;
  created_at: number;
  /** The site URL its links were rendered with (migration 017); null for older rows. */
  site_url: string | null;
}

/** Every bounce report received for a delivery (migration 008); `permanent` is 0 or 1. */
export interface BounceReportsTable {
  id: Generated<number>;
  delivery_id: number;
  subscriber_id: string;
  recipient: string;
  action: string;
  status: string;
  diagnostic: string;
  permanent: number;
  source: string;
  received_at: number;
}

/** One spam complaint per delivery (migration 018). */
export interface ComplaintsTable {
  id: Generated<number>;
  delivery_id: number;
  run_id: string;
  subscriber_id: string;
  /** What reported it: `arf-smtp`, `arf-file`, or a relay's hook (`ses`, `sendgrid`, ...). */
  source: string;
  /** The ARF feedback type (`abuse`, `fraud`) or the relay's complaint type. */
  feedback_type: string;
  /** The mailbox provider that reported it, when the report says (ARF `User-Agent`, ...). */
  reporter: string | null;
  received_at: number;
}

/** A relay's event acted on, by the relay's own id (migration 018). */
export interface HookEventsTable {
  provider: string;
  event_id: string;
  kind: string;
  delivery_id: number | null;
  received_at: number;
}

/** One row per schedule slot (migration 006): the never-twice record of the scheduler. */
export interface ScheduleSlotsTable {
  kind: string;
  slot_at: number;
  /** JSON array of the IANA zones whose local cron time falls on this instant. */
  zones: string;
  run_id: string | null;
  claimed_by: string;
  claimed_at: number;
  created_at: number;
}

/** Who did what through the admin API, and when (migration 006). */
export interface AdminAuditTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  status: number;
  /** JSON: the request's parameters, never a token. */
  detail: string | null;
  ip: string | null;
  user_agent: string | null;
  /** How many attempts the row stands for: refusals of a locked-out client (migration 015). */
  repeats: Generated<number>;
}

/**
 * A console session (migration 010). The cookie's value is never stored, only its SHA-256 in hex;
 * the CSRF token is derived from the cookie, so it is not stored either.
 */
export interface ConsoleSessionsTable {
  id_hash: string;
  created_at: number;
  expires_at: number;
  /** The client address and browser at sign-in. */
  ip: string | null;
  user_agent: string | null;
  /** HMAC of the admin token the session was opened with, keyed by the cookie (migration 015). */
  token_digest: string | null;
}

/** A receiving domain held back after a 4xx, for every worker (migration 013). */
export interface DomainDeferralsTable {
  domain: string;
  held_until: number;
  failures: number;
  updated_at: number;
}

export interface Database {
  article_seen: ArticleSeenTable;
  article_slugs: ArticleSlugsTable;
  article_urls: ArticleUrlsTable;
  subscribers: SubscribersTable;
  digests: DigestsTable;
  send_runs: SendRunsTable;
  deliveries: DeliveriesTable;
  send_workers: SendWorkersTable;
  domain_deferrals: DomainDeferralsTable;
  bounce_reports: BounceReportsTable;
  complaints: ComplaintsTable;
  hook_events: HookEventsTable;
  schedule_slots: ScheduleSlotsTable;
  admin_audit: AdminAuditTable;
  console_sessions: ConsoleSessionsTable;
  send_slots: CapBucketsTable;
  send_caps: SendCapsTable;
}
