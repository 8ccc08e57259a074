import type { Article } from '../articles/index.js';

/** What selection needs to know about one subscriber. */
export interface DigestSubscriber {
  /** Category slugs; empty means every category. */
  categories: string[];
  /** The `now` of their previous digest; null before their first. */
  lastDigestAt: Date | null;
  /** Every article already sent to them: never sent twice. */
  sentArticleIds: ReadonlySet<string>;
}

/** The articles of one digest, newest first. */
export interface DigestSelection {
  articles: Article[];
  /** New articles left out by the cap: the "and N more" link. */
  moreCount: number;
  /** Stable hash of the ordered article ids (and `moreCount`, which the digest shows). */
  key: string;
}

/** The per-subscriber values substituted into a compiled digest. */
export interface DigestRecipient {
  email: string;
  name?: string;
  unsubscribeUrl: string;
  preferencesUrl: string;
}

export interface RenderedDigest {
  /** Derived from the content key: the same content has the same id, whoever receives it. */
  digestId: string;
  /** Plain text; names the newest headline. */
  subject: string;
  html: string;
  text: string;
}

/** Template sources (Handlebars), read once at the edge. */
export interface DigestTemplates {
  mjml: string;
  text: string;
}
