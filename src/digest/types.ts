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
  /** Missing or blank: the renderer's stand-in name ("reader"). */
  name?: string | null;
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

/**
 * One part of a message as shared chunks with values between them: `chunks[0]`, `values[0]`,
 * `chunks[1]`, ... The chunks are the layout's own strings, the same in every digest built from
 * it, so a mailer can encode each once.
 */
export interface FilledPart {
  chunks: readonly string[];
  values: readonly string[];
}

/** A digest rendered for no one yet. */
export interface UnaddressedDigest {
  digestId: string;
  subject: string;
  /** The parts for one recipient: their values escaped and filled in by position. */
  address(recipient: DigestRecipient): { html: FilledPart; text: FilledPart };
}

/** Template sources (Handlebars), read once at the edge. */
export interface DigestTemplates {
  mjml: string;
  text: string;
}
