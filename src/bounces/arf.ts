import { multipartParts, type Part, parameter, splitMessage } from './dsn.js';

/**
 * Reads an abuse report in the Abuse Reporting Format (RFC 5965), as feedback loops send them: a
 * `multipart/report; report-type=feedback-report` with a `message/feedback-report` part, then the
 * reported message (`message/rfc822`) or its headers (`text/rfc822-headers`). Pure.
 */
export interface FeedbackReport {
  /** `abuse`, `fraud`, `virus`, `other`, `not-spam`, `auth-failure` (RFC 5965, 6591, 6430). */
  feedbackType: string;
  /** The software or provider that made the report (`User-Agent`). */
  userAgent: string | null;
  /** The envelope sender of the reported message, as the receiver saw it. */
  originalMailFrom: string | null;
  originalRcptTo: string | null;
  /** Headers of the reported message, lower-cased names (empty when it was not included). */
  original: Map<string, string>;
}

/** Feedback types that report our mail as unwanted. */
const COMPLAINT_TYPES = new Set(['abuse', 'fraud']);

export function isComplaint(report: FeedbackReport): boolean {
  return COMPLAINT_TYPES.has(report.feedbackType);
}

/** The report in `raw`, or undefined when the message is not an ARF report. */
export function parseFeedbackReport(raw: string): FeedbackReport | undefined {
  const { headers, body } = splitMessage(raw);
  const contentType = headers.get('content-type') ?? '';
  if (!/^multipart\/report/i.test(contentType)) return undefined;
  const boundary = parameter(contentType, 'boundary');
  if (!boundary) return undefined;
  const parts = multipartParts(body, boundary);
  const typed = (pattern: RegExp) =>
    parts.find((part) => pattern.test(part.headers.get('content-type') ?? 'text/plain'));
  const feedback = typed(/^message\/feedback-report/i);
  if (!feedback) return undefined;
  const fields = fieldsOf(feedback);
  const original = typed(/^(message\/rfc822|text\/rfc822-headers)/i);
  return {
    feedbackType: (fields.get('feedback-type') ?? 'abuse').toLowerCase(),
    userAgent: fields.get('user-agent') ?? null,
    originalMailFrom: address(fields.get('original-mail-from')),
    originalRcptTo: address(fields.get('original-rcpt-to')),
    original: original ? splitMessage(original.body).headers : new Map(),
  };
}

/** The report's fields: the part's body is a header block (RFC 5965 3.1). */
function fieldsOf(part: Part): Map<string, string> {
  return splitMessage(part.body.replace(/^\s*\n/, '')).headers;
}

function address(value: string | undefined): string | null {
  const found = value?.match(/[^\s<>,;:"()]+@[^\s<>,;:"()]+/);
  return found ? found[0] : null;
}

/** Every address in a header value (`<mailto:unsubscribe+…@…?subject=…>` too). */
export function addressesIn(value: string | undefined): string[] {
  return [...(value ?? '').matchAll(/(?:mailto:)?([^\s<>,;:"()?]+@[^\s<>,;:"()?]+)/g)].map(
    (m) => m[1] as string,
  );
}
