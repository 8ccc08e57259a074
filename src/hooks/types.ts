import type { References } from '../complaints/index.js';

export const PROVIDERS = ['ses', 'sendgrid', 'postmark', 'mailgun', 'generic'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** A request as a hook reads it: the raw body (signatures cover its bytes) and its headers. */
export interface HookRequest {
  body: string;
  header(name: string): string | undefined;
}

export type EventKind = 'bounce' | 'complaint' | 'unsubscribe';

/** One relay event Gazette acts on, in the same shape whichever relay sent it. */
export interface HookEvent {
  /** The relay's own id for the event: the same event posted twice is acted on once. */
  id: string;
  kind: EventKind;
  /** Bounces: a permanent failure (hard) suppresses the address; a soft one is noted. */
  permanent: boolean;
  /** What the relay says: a status and diagnostic, a complaint type, an unsubscribe's origin. */
  detail: string;
  /** The mailbox provider behind a complaint, when the relay says. */
  reporter: string | null;
  refs: References & { recipient: string };
}

/** What a relay's request holds, once it verified. */
export interface ParsedHook {
  events: HookEvent[];
  /** Events of kinds Gazette does not act on (deliveries, opens, clicks, deferrals). */
  ignored: number;
  /** SNS asks to confirm a subscription by fetching this URL. */
  confirm?: string;
}

/** A refused request: the status and a message the relay's operator can act on. */
export class HookRefused extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 422,
    message: string,
  ) {
    super(message);
    this.name = 'HookRefused';
  }
}

/** Refuses a request signed longer ago (or further ahead) than `windowMs`: a replay. */
export function assertFresh(signedAt: number, now: Date, windowMs: number): void {
  if (!Number.isFinite(signedAt)) throw new HookRefused(400, 'the timestamp is not a number');
  const age = now.getTime() - signedAt;
  if (Math.abs(age) > windowMs) {
    const minutes = Math.round(windowMs / 60_000);
    throw new HookRefused(
      403,
      `stale: signed ${Math.round(age / 1000)} s from now, outside the ${minutes}-minute replay window`,
    );
  }
}

/** The body as JSON, or a 400 that says so. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new HookRefused(400, 'malformed: the body is not JSON');
  }
}
