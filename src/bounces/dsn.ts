/**
 * Reads a delivery status notification (RFC 3464): a `multipart/report` whose
 * `message/delivery-status` part lists, per recipient, what happened. Pure: bytes in, facts out.
 */
export interface RecipientStatus {
  /** The address that failed (Final-Recipient, else Original-Recipient). */
  recipient: string;
  action: 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded' | string;
  /** The enhanced status code, e.g. `5.1.1`. */
  status: string;
  diagnostic: string;
  permanent: boolean;
}

export interface DeliveryReport {
  recipients: RecipientStatus[];
}

/** The report in `raw`, or undefined when the message is not a delivery status notification. */
export function parseDeliveryReport(raw: string): DeliveryReport | undefined {
  const { headers, body } = splitMessage(raw);
  const contentType = headers.get('content-type') ?? '';
  if (!/^multipart\/report/i.test(contentType)) return undefined;
  const boundary = parameter(contentType, 'boundary');
  if (!boundary) return undefined;
  for (const part of multipartParts(body, boundary)) {
    const partType = part.headers.get('content-type') ?? 'text/plain';
    if (/^message\/(global-)?delivery-status/i.test(partType)) {
      const recipients = statusGroups(part.body).flatMap(recipientStatus);
      return recipients.length > 0 ? { recipients } : undefined;
    }
  }
  return undefined;
}

export interface Part {
  headers: Map<string, string>;
  body: string;
}

/** Headers (lower-cased names, unfolded) and the body after the first blank line. */
export function splitMessage(raw: string): Part {
  const text = raw.replace(/\r\n/g, '\n');
  const end = text.search(/\n\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end + 2);
  return { headers: parseFields(head), body };
}

function parseFields(head: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }
  return fields;
}

/** The parts of a multipart body, each split into its headers and body. */
export function multipartParts(body: string, boundary: string): Part[] {
  const delimiter = `--${boundary}`;
  const sections = body.split(new RegExp(`^${escapeRegExp(delimiter)}(?:--)?[ \\t]*$`, 'm'));
  return sections.slice(1, -1).map((section) => splitMessage(section.replace(/^\n/, '')));
}

/** The delivery-status body: a per-message group, then one group per recipient. */
function statusGroups(body: string): Map<string, string>[] {
  return body
    .split(/\n\s*\n/)
    .map((group) => parseFields(group.trim()))
    .filter((fields) => fields.size > 0);
}

function recipientStatus(fields: Map<string, string>): RecipientStatus[] {
  const address = fields.get('final-recipient') ?? fields.get('original-recipient');
  const action = (fields.get('action') ?? '').toLowerCase();
  if (!address || !action) return [];
  const recipient = address
    .replace(/^[^;]*;\s*/, '')
    .replace(/^<|>$/g, '')
    .trim();
  const status = /\d\.\d{1,3}\.\d{1,3}/.exec(fields.get('status') ?? '')?.[0] ?? '';
  return [
    {
      recipient,
      action,
      status,
      diagnostic: (fields.get('diagnostic-code') ?? '').replace(/^[^;]*;\s*/, ''),
      permanent: action === 'failed' && !status.startsWith('4'),
    },
  ];
}

/** A parameter of a header value (`boundary`, `report-type`), unquoted. */
export function parameter(header: string, name: string): string | undefined {
  const match = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(header);
  return match?.[1] ?? match?.[2];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
