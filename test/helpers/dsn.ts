import SMTPConnection from 'nodemailer/lib/smtp-connection';

export interface ReportOptions {
  /** Where the report goes: the envelope sender of the failed message. */
  to: string;
  /** The address that failed. */
  recipient: string;
  action?: 'failed' | 'delayed' | 'delivered';
  status?: string;
  diagnostic?: string;
  /** Headers of the original message, returned in the report. */
  original?: string;
}

/** A delivery status notification (RFC 3464) as a receiving MTA writes one. */
export function deliveryReport(options: ReportOptions): string {
  const status = options.status ?? '5.1.1';
  const diagnostic =
    options.diagnostic ?? `smtp; 550 ${status} <${options.recipient}>: User unknown`;
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.com>',
    `To: ${options.to}`,
    'Subject: Undelivered Mail Returned to Sender',
    'Date: Mon, 24 Jun 2024 07:00:05 +0000',
    'Message-ID: <report-1@mx.example.com>',
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    '\tboundary="B0UND"',
    '',
    'This is a MIME-encapsulated message.',
    '',
    '--B0UND',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'Your message could not be delivered to one or more recipients.',
    '',
    '--B0UND',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.com',
    'Arrival-Date: Mon, 24 Jun 2024 07:00:01 +0000',
    '',
    `Final-Recipient: rfc822; ${options.recipient}`,
    `Original-Recipient: rfc822;${options.recipient}`,
    `Action: ${options.action ?? 'failed'}`,
    `Status: ${status}`,
    `Diagnostic-Code: ${diagnostic}`,
    '',
    '--B0UND',
    'Content-Type: text/rfc822-headers',
    '',
    options.original ?? 'Subject: Your digest',
    '',
    '--B0UND--',
    '',
  ].join('\r\n');
}

/** A plain message, as a mail client's "Unsubscribe" sends to a mailto address. */
export function plainMessage(to: string, from = 'reader@example.org'): string {
  return [
    `From: ${from}`,
    `To: ${to}`,
    'Subject: unsubscribe',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'unsubscribe',
    '',
  ].join('\r\n');
}

export type Delivered = { accepted: true } | { accepted: false; code: number; message: string };

/** Delivers `raw` over SMTP from `from` (empty: the null sender of a report) to `to`. */
export function deliverOverSmtp(
  port: number,
  from: string,
  to: string,
  raw: string,
): Promise<Delivered> {
  return new Promise((resolve, reject) => {
    const connection = new SMTPConnection({ host: '127.0.0.1', port, ignoreTLS: true });
    connection.on('error', reject);
    connection.connect(() => {
      connection.send({ from, to: [to] }, raw, (error) => {
        connection.quit();
        if (!error) return resolve({ accepted: true });
        const failure = error as Error & { responseCode?: number };
        resolve({ accepted: false, code: failure.responseCode ?? 0, message: failure.message });
      });
    });
  });
}
