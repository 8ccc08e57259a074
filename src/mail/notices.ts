import { randomUUID } from 'node:crypto';
import type { Mailer } from '../send/index.js';

/** A confirmation or preferences-link email, as the subscription flow writes it. */
export interface NoticeText {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/**
 * Sends the subscription flow's emails through the digest mailer: the same header builder, the
 * same From, the same transport (SMTP pool or outbox folder) and the same DKIM key, so a
 * confirmation is signed like a digest. Outside any list: no `List-*` headers.
 */
export function noticeMailer(
  mailer: Mailer,
  messageDomain: string,
  clock: () => Date = () => new Date(),
): { send(notice: NoticeText): Promise<{ response: string }>; close(): Promise<void> } {
  return {
    send: (notice) =>
      mailer.send({
        to: notice.to,
        toName: null,
        subject: notice.subject,
        html: { chunks: [notice.html], values: [] },
        text: { chunks: [notice.text], values: [] },
        messageId: `notice.${randomUUID()}@${messageDomain}`,
        date: clock(),
      }),
    close: () => mailer.close(),
  };
}
