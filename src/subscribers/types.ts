/** `complained`: the reader reported a digest as spam; like `bounced`, never mailed again. */
export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed' | 'bounced' | 'complained';
export type Frequency = 'daily' | 'weekly';
export const FREQUENCIES: readonly Frequency[] = ['daily', 'weekly'];

/** Where a subscription came from: part of the consent evidence. */
export type SubscriptionSource = 'web' | 'cli' | 'import';

/** One subscriber, everything held about them. */
export interface Subscriber {
  id: string;
  /** Normalised (see `normaliseEmail`); unique. */
  email: string;
  name: string | null;
  /** Category slugs; empty means every category. */
  categories: string[];
  frequency: Frequency;
  status: SubscriberStatus;
  timezone: string | null;
  createdAt: Date;
  updatedAt: Date;
  subscribedAt: Date | null;
  subscribedIp: string | null;
  subscribedUserAgent: string | null;
  subscribedSource: SubscriptionSource | null;
  confirmedAt: Date | null;
  confirmedIp: string | null;
  confirmedUserAgent: string | null;
  unsubscribedAt: Date | null;
  bouncedAt: Date | null;
  bounceReason: string | null;
  /** When a spam complaint arrived, and what reported it (`arf-smtp`, `ses`, ...). */
  complainedAt: Date | null;
  complaintSource: string | null;
  preferencesUpdatedAt: Date | null;
  /** The last confirmation or preferences-link email: repeated requests are throttled by it. */
  noticeSentAt: Date | null;
}

export type SubscriberChanges = Partial<Omit<Subscriber, 'id' | 'createdAt' | 'updatedAt'>>;

/** What the subscription flow needs from a store; `store/` implements it. */
export interface SubscriberRepository {
  findById(id: string): Promise<Subscriber | null>;
  findByEmail(email: string): Promise<Subscriber | null>;
  /** Inserts unless the email is taken; false when it is (the caller reads the existing row). */
  insert(subscriber: Subscriber): Promise<boolean>;
  /**
   * Applies `changes`, with `updatedAt` set to `now`. With `ifStatus`, only while the row still
   * has one of those statuses, so two racing requests cannot undo each other. False when no row
   * changed.
   */
  update(
    id: string,
    changes: SubscriberChanges,
    now: Date,
    options?: { ifStatus?: SubscriberStatus[] },
  ): Promise<boolean>;
  /** Every subscriber, by email. */
  list(): Promise<Subscriber[]>;
  /** Deletes the row, and with it every personal detail held. False when there was none. */
  remove(id: string): Promise<boolean>;
}

/** Where and how a request to subscribe or confirm came in: kept as consent evidence. */
export interface Consent {
  source: SubscriptionSource;
  ip: string | null;
  userAgent: string | null;
}

/** The choices a subscriber makes. */
export interface Preferences {
  categories: string[];
  frequency: Frequency;
  /** IANA zone for local-time delivery; null: the site's (`GAZETTE_TIMEZONE`); absent: unchanged. */
  timezone?: string | null;
}

/** A message for `Mailer`; `mail/` gives it the site's From and headers, and signs it. */
export interface Notice {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** Sends one message; `mail/` provides it. */
export interface Mailer {
  send(message: Notice): Promise<unknown>;
}

/** Renders a named template pair (MJML and text) with data; `mail/` provides it. */
export type RenderTemplate = (
  name: string,
  data: Record<string, unknown>,
) => Promise<{ html: string; text: string }>;
