import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, MailMessage, NoticeMessage } from '../send/index.js';
import { buildMime, type MimeOptions } from './mime.js';

/**
 * Without an SMTP server every message becomes `DIR/<Message-ID>.eml`: a resent delivery
 * overwrites its own file rather than adding a copy. Written whole, then renamed into place.
 */
export function createOutbox(dir: string, options: MimeOptions): Mailer {
  let made = false;
  return {
    concurrency: 4,
    async send(message: MailMessage | NoticeMessage) {
      if (!made) {
        await mkdir(dir, { recursive: true });
        made = true;
      }
      const name = `${message.messageId.replace(/[^A-Za-z0-9._@-]/g, '_')}.eml`;
      const temporary = join(dir, `.${name}.tmp`);
      await writeFile(temporary, buildMime(message, options));
      await rename(temporary, join(dir, name));
      return { response: `written ${name}` };
    },
    async close() {},
  };
}
