/**
 * The tables as Kysely sees them. Instants are integer milliseconds; booleans are 0/1 integers;
 * lists are JSON text: the same on SQLite and PostgreSQL.
 */
export interface ArticleSeenTable {
  article_id: string;
  category_slug: string;
  first_seen_at: number;
}

export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed' | 'bounced';
export type Frequency = 'daily' | 'weekly';

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
  preferences_updated_at: number | null;
  /** The last confirmation or preferences-link email sent to the address. */
  notice_sent_at: number | null;
}

export interface Database {
  article_seen: ArticleSeenTable;
  subscribers: SubscribersTable;
}
