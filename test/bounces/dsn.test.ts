import { describe, expect, it } from 'vitest';
import { parseDeliveryReport } from '../../src/bounces/index.js';

function report(
  groups: string[],
  { type = 'message/delivery-status', boundary = 'REPORT' } = {},
): string {
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.com>',
    'To: bounces+tok@news.example.org',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status;`,
    `\tboundary="${boundary}"`,
    '',
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'I am sorry to have to inform you that your message could not be delivered.',
    '',
    `--${boundary}`,
    `Content-Type: ${type}`,
    '',
    'Reporting-MTA: dns; mx.example.com',
    'Arrival-Date: Mon, 24 Jun 2024 07:00:01 +0000',
    '',
    ...groups.flatMap((group) => [group, '']),
    `--${boundary}`,
    'Content-Type: message/rfc822',
    '',
    'Message-ID: <d-1@news.example.org>',
    'Subject: Your digest',
    '',
    'Hello',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

describe('delivery status notifications', () => {
  it('reads a permanent failure', () => {
    const parsed = parseDeliveryReport(
      report([
        'Final-Recipient: rfc822; jane@example.com\r\nOriginal-Recipient: rfc822;jane@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <jane@example.com>:\r\n    Recipient address rejected: User unknown',
      ]),
    );
    expect(parsed?.recipients).toEqual([
      {
        recipient: 'jane@example.com',
        action: 'failed',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <jane@example.com>: Recipient address rejected: User unknown',
        permanent: true,
      },
    ]);
  });

  it('reads a delay as transient, and several recipients', () => {
    const parsed = parseDeliveryReport(
      report([
        'Final-Recipient: rfc822; a@example.com\r\nAction: delayed\r\nStatus: 4.2.2\r\nDiagnostic-Code: smtp; 452 mailbox full',
        'Final-Recipient: rfc822; <b@example.com>\r\nAction: failed\r\nStatus: 5.2.1',
      ]),
    );
    expect(parsed?.recipients.map((r) => [r.recipient, r.action, r.status, r.permanent])).toEqual([
      ['a@example.com', 'delayed', '4.2.2', false],
      ['b@example.com', 'failed', '5.2.1', true],
    ]);
  });

  it('reads message/global-delivery-status', () => {
    const parsed = parseDeliveryReport(
      report(['Final-Recipient: rfc822; c@example.com\r\nAction: failed\r\nStatus: 5.0.0'], {
        type: 'message/global-delivery-status',
      }),
    );
    expect(parsed?.recipients[0]?.recipient).toBe('c@example.com');
  });

  it('is undefined for anything that is not a report', () => {
    expect(parseDeliveryReport('Subject: hello\r\n\r\nPlease unsubscribe me')).toBeUndefined();
    expect(parseDeliveryReport('')).toBeUndefined();
    expect(parseDeliveryReport(report([]))).toBeUndefined();
    expect(parseDeliveryReport('Content-Type: multipart/report\r\n\r\n--x\r\n')).toBeUndefined();
  });
});
