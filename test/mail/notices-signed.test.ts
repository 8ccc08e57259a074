import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlite, type TestDatabase } from '../helpers/db.js';
import { writeDkimKey } from '../helpers/doctor-setup.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { SITE_URL, type SubscriptionApp, subscriptionApp } from '../helpers/subscription-app.js';
import { debianPython, hasTool } from '../helpers/tools.js';

const DOMAIN = 'gazette.test';

/**
 * With DKIM set, a receiver that checks it (DMARC with p=reject) drops what is not signed:
 * a confirmation email that went out beside the digest mailer, unsigned, never arrived. Every
 * email of the subscription flow is signed with the digests' key.
 */
describe('confirmation and preferences emails with DKIM configured', () => {
  let database: TestDatabase;
  let smtp: TestSmtp;
  let gazette: SubscriptionApp;
  let dir: string;
  let publicKey: string;

  beforeAll(async () => {
    database = await createSqlite();
    smtp = await startSmtp();
    dir = mkdtempSync(join(tmpdir(), 'gazette-notices-'));
    const key = writeDkimKey(dir);
    publicKey = createPublicKey(createPrivateKey(readFileSync(key, 'utf8')))
      .export({ type: 'spki', format: 'der' })
      .toString('base64');
    gazette = await subscriptionApp(database.db, smtp.url, {
      GAZETTE_DKIM_DOMAIN: DOMAIN,
      GAZETTE_DKIM_SELECTOR: 'gz',
      GAZETTE_DKIM_KEY: key,
    });
  });
  afterAll(async () => {
    gazette?.close();
    await smtp?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (path: string, email: string) =>
    gazette.app.request(`${SITE_URL}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });

  async function notices(): Promise<string[]> {
    expect((await post('/subscribe', 'signed@example.org')).status).toBe(202);
    await smtp.waitFor(1);
    await database.db.kysely
      .updateTable('subscribers')
      .set({ status: 'confirmed', confirmed_at: Date.now() })
      .execute();
    expect((await post('/manage', 'signed@example.org')).status).toBe(202);
    await smtp.waitFor(2);
    return smtp.received.map((r) => r.raw);
  }

  it('each carries a DKIM signature of the configured domain, and no list headers', async () => {
    const raws = await notices();
    expect(raws).toHaveLength(2);
    for (const raw of raws) {
      const head = raw.split('\r\n\r\n')[0]?.replace(/\r\n[ \t]/g, ' ') ?? '';
      expect(head).toMatch(
        /^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=gazette\.test; s=gz;/m,
      );
      expect(head).not.toMatch(/^List-(Id|Unsubscribe)/im);
      expect(head).toMatch(
        /^From: "Gazette Test" <news@gazette\.test>$|^From: Gazette Test <news@gazette\.test>$/m,
      );
    }
  });

  it.skipIf(!hasTool(debianPython, 'python3-dkim'))(
    'python3-dkim verifies each signature',
    async () => {
      if (smtp.received.length === 0) await notices();
      expect(smtp.received).toHaveLength(2);
      for (const [i, raw] of smtp.received.map((r) => r.raw).entries()) {
        const file = join(dir, `notice-${i}.eml`);
        writeFileSync(file, raw);
        const verdict = execFileSync(debianPython, [
          '-c',
          `import dkim,sys\nmsg=open(sys.argv[1],'rb').read()\nprint(dkim.verify(msg, dnsfunc=lambda name, timeout=5: b"v=DKIM1; k=rsa; p=${publicKey}"))`,
          file,
        ])
          .toString()
          .trim();
        expect(verdict, `notice ${i}`).toBe('True');
      }
    },
  );
});
