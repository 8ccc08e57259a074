import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBeforeScheduledRun, preSendCheck } from '../../src/app/index.js';
import { loadConfig } from '../../src/config.js';
import type { DoctorReport } from '../../src/doctor/index.js';
import { createLogger } from '../../src/log.js';
import { doctorSetUp, smallStore } from '../helpers/doctor-setup.js';
import { startSmtp } from '../helpers/smtp.js';

/**
 * The pre-send check over a real set-up: the real renderer and MIME builder, a real SMTP server
 * and a real Gazette answering the one-click POSTs.
 */
describe('the pre-send check', () => {
  const setUp = doctorSetUp();
  // The DKIM domain is the From domain's parent: aligned under relaxed alignment.
  const good = () => ({ ...setUp.env, GAZETTE_DKIM_DOMAIN: 'example.org' });

  const check = (env: Record<string, string | undefined>) =>
    preSendCheck(loadConfig({ ...good(), ...env } as Record<string, string>));
  const checks = (findings: DoctorReport['failures']) => findings.map((f) => f.check);

  it('passes a good set-up, and lists the DNS records to publish', async () => {
    const report = await check({});
    expect(report.failures).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(checks(report.passes)).toEqual(
      expect.arrayContaining([
        'dkim-key',
        'dkim-signature',
        'dkim-alignment',
        'text-part',
        'relative-links',
        'html-size',
        'list-unsubscribe',
        'list-unsubscribe-post',
        'mailto-unsubscribe',
        'one-click',
        'smtp',
      ]),
    );
    const records = report.records.map((r) => [r.name, r.type, r.value.slice(0, 24)]);
    expect(records).toEqual([
      ['gz1._domainkey.example.org.', 'TXT', '"v=DKIM1; k=rsa; p=MIIBI'],
      ['news.example.org.', 'TXT', `"v=spf1 mx ~all"`],
      ['_dmarc.news.example.org.', 'TXT', '"v=DMARC1; p=none; adkim'],
      ['news.example.org.', 'MX', '10 127.0.0.1.'],
    ]);
    // The one-click POSTs named nobody: no subscriber was created or changed.
    expect(await setUp.test.db.kysely.selectFrom('subscribers').selectAll().execute()).toEqual([]);
  });

  it('fails a DKIM domain that is not aligned with From, and a key that does not load', async () => {
    const misaligned = await check({ GAZETTE_DKIM_DOMAIN: 'mailer.example.net' });
    expect(misaligned.failures).toEqual([
      {
        check: 'dkim-alignment',
        message: expect.stringMatching(
          /DKIM domain mailer\.example\.net is not aligned with the From domain news\.example\.org/,
        ),
      },
    ]);
    writeFileSync(join(setUp.dir, 'broken.pem'), '-----BEGIN PRIVATE KEY-----\nnot a key\n');
    for (const path of [join(setUp.dir, 'broken.pem'), join(setUp.dir, 'missing.pem')]) {
      const report = await check({ GAZETTE_DKIM_KEY: path });
      expect(report.failures).toEqual([
        { check: 'dkim-key', message: expect.stringMatching(/^the DKIM key does not load: /) },
      ]);
    }
  });

  it('fails a digest whose HTML Gmail would clip', async () => {
    // An operator who raises the item limit far enough gets a digest Gmail cuts short.
    const big = await smallStore({ count: 120, paragraphBytes: 600 });
    try {
      const report = await check({
        GAZETTE_ARTICLES_DIR: big.dir,
        GAZETTE_DIGEST_MAX_ITEMS: '120',
      });
      expect(report.failures).toEqual([
        {
          check: 'html-size',
          message: expect.stringMatching(
            /HTML is \d{3}\.\d KB, over the 102\.0 KB at which Gmail clips/,
          ),
        },
      ]);
    } finally {
      await big.remove();
    }
  });

  it('warns without DKIM, without the inbound listener, off https, and when nothing answers', async () => {
    const closed = await startSmtp();
    await closed.close();
    const report = await check({
      GAZETTE_DKIM_DOMAIN: undefined,
      GAZETTE_DKIM_SELECTOR: undefined,
      GAZETTE_DKIM_KEY: undefined,
      GAZETTE_INBOUND_SMTP_PORT: undefined,
      GAZETTE_SITE_URL: `http://localhost.example.org:${closed.port}`,
      GAZETTE_SMTP_URL: closed.url,
    });
    expect(report.failures).toEqual([]);
    expect(checks(report.warnings).sort()).toEqual([
      'dkim-key',
      'mailto-unsubscribe',
      'one-click',
      'one-click',
      'site-https',
      'smtp',
    ]);
    const text = report.warnings.map((w) => w.message).join('\n');
    expect(text).toMatch(/no DKIM key configured/);
    expect(text).toMatch(/no mailto form .*GAZETTE_INBOUND_SMTP_PORT/);
    expect(text).toMatch(/POSTed an empty body, does not answer/);
    expect(text).toMatch(/POSTed List-Unsubscribe=One-Click, does not answer/);
    expect(text).toMatch(/is not https/);
    expect(text).toMatch(/the SMTP server does not answer/);
  });

  it('stops a scheduled slot whose check fails, recording why; lets a good one through', async () => {
    const run = {
      kind: 'digest',
      frequency: 'daily' as const,
      categories: [],
      startedBy: 'schedule',
    };
    const logger = createLogger('silent', 2);
    const bad = loadConfig({ ...good(), GAZETTE_DKIM_DOMAIN: 'elsewhere.example' });
    expect(await checkBeforeScheduledRun(bad, setUp.test.db, logger, run)).toBe(false);
    const stopped = await setUp.test.db.kysely
      .selectFrom('send_runs')
      .select(['status', 'planned', 'last_error', 'started_by'])
      .execute();
    expect(stopped).toHaveLength(1);
    expect(stopped[0]).toMatchObject({ status: 'cancelled', planned: 0, started_by: 'schedule' });
    expect(stopped[0]?.last_error).toMatch(/align/i);
    expect(await checkBeforeScheduledRun(loadConfig(good()), setUp.test.db, logger, run)).toBe(
      true,
    );
    expect(await setUp.test.db.kysely.selectFrom('send_runs').select('id').execute()).toHaveLength(
      1,
    );
  });
});
