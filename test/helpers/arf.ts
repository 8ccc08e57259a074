export interface AbuseReportOptions {
  /** Where the feedback loop sends it. */
  to: string;
  /** The reported message, whole or only its headers. */
  original: string;
  feedbackType?: string;
  userAgent?: string;
  originalMailFrom?: string;
}

/** An abuse report in the Abuse Reporting Format (RFC 5965), as a feedback loop writes one. */
export function abuseReport(options: AbuseReportOptions): string {
  return [
    'From: Feedback Loop <fbl@mailbox.example.net>',
    `To: ${options.to}`,
    'Subject: FW: Your digest',
    'Date: Mon, 24 Jun 2024 09:12:00 +0000',
    'Message-ID: <fbl-1@mailbox.example.net>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report;',
    '\tboundary="ARF_B0UND"',
    '',
    '--ARF_B0UND',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is an email abuse report for an email message received from IP 192.0.2.25.',
    '',
    '--ARF_B0UND',
    'Content-Type: message/feedback-report',
    '',
    `Feedback-Type: ${options.feedbackType ?? 'abuse'}`,
    `User-Agent: ${options.userAgent ?? 'ExampleMail-FBL/1.0'}`,
    'Version: 1',
    ...(options.originalMailFrom ? [`Original-Mail-From: <${options.originalMailFrom}>`] : []),
    'Arrival-Date: Mon, 24 Jun 2024 07:00:03 +0000',
    'Source-IP: 192.0.2.25',
    'Reported-Domain: news.example.org',
    '',
    '--ARF_B0UND',
    'Content-Type: message/rfc822',
    'Content-Disposition: inline',
    '',
    options.original.replace(/\r?\n/g, '\r\n').trimEnd(),
    '',
    '--ARF_B0UND--',
    '',
  ].join('\r\n');
}

/** The header block of a raw message. */
export function headersOf(raw: string): string {
  const end = raw.indexOf('\r\n\r\n');
  return end < 0 ? raw : raw.slice(0, end);
}
