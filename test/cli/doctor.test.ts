import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { doctorSetUp } from '../helpers/doctor-setup.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';

/** `gazette doctor` and the check before `gazette send`, as an operator runs them. */
describe('gazette doctor and the check before a send', () => {
  const setUp = doctorSetUp();

  it('prints the checklist and the records; exits 1 on a failure, and with --strict on a warning', async () => {
    const [good, bad] = await Promise.all([
      runCli(['doctor', '--strict'], setUp.env),
      runCli(['doctor', '--strict'], {
        ...setUp.env,
        GAZETTE_DKIM_DOMAIN: 'mailer.example.net',
        GAZETTE_INBOUND_SMTP_PORT: '',
      }),
    ]);
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(
      /^ {2}ok {4}the DKIM signature verifies \(d=news\.example\.org, s=gz1\)$/m,
    );
    expect(good.stdout).toMatch(
      /^ {2}gz1\._domainkey\.news\.example\.org\. {2}TXT {2}"v=DKIM1; k=rsa; p=MIIB/m,
    );
    expect(good.stdout).toMatch(/^ {2}_dmarc\.news\.example\.org\. {2}TXT {2}"v=DMARC1; /m);
    expect(good.stdout).toMatch(/^ {2}news\.example\.org\. {2}TXT {2}"v=spf1 mx ~all"$/m);
    expect(good.stdout).toMatch(/^0 failures, 0 warnings$/m);

    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      /^ {2}FAIL {2}the DKIM domain mailer\.example\.net is not aligned with the From domain news\.example\.org/m,
    );
    expect(bad.stdout).toMatch(/^ {2}warn {2}List-Unsubscribe has no mailto form/m);
    expect(bad.stdout).toMatch(/^1 failure, 1 warning$/m);
  });

  it('a failing check stops the run before anything is sent, and says why; warnings do not', async () => {
    await seedSubscribers(setUp.test.db, 3);
    const bad = { ...setUp.env, GAZETTE_DKIM_DOMAIN: 'mailer.example.net' };
    const missingKey = { ...setUp.env, GAZETTE_DKIM_KEY: join(setUp.dir, 'missing.pem') };
    const [stopped, keyless] = await Promise.all([
      runCli(['send'], bad),
      runCli(['send'], missingKey),
    ]);
    // A key that does not load is the check's to report, not an error before it.
    expect(keyless.code).toBe(1);
    expect(keyless.stderr).toMatch(/run \S+ stopped before sending anything/);
    expect(keyless.stderr).toMatch(/^ {2}the DKIM key does not load: /m);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/run (\S+) stopped before sending anything/);
    expect(stopped.stderr).toMatch(/^ {2}the DKIM domain mailer\.example\.net is not aligned/m);
    expect(stopped.stderr).toMatch(/"level":50.*send run stopped by the pre-send check/);
    expect(setUp.smtp.received).toEqual([]);
    const runId = /run (\S+) stopped/.exec(stopped.stderr)?.[1] ?? '';

    // Warnings only (the one-click URL does not answer here): the run goes ahead. And --force
    // skips the check (weekly: nobody is due, so it plans an empty run beside the daily one).
    const warned = { ...setUp.env, GAZETTE_SITE_URL: 'http://127.0.0.1:9' };
    const [shown, sent, forced] = await Promise.all([
      runCli(['runs', 'show', runId], setUp.env),
      runCli(['send'], warned),
      runCli(['send', '--force', '--frequency', 'weekly'], bad),
    ]);
    expect(shown.stdout).toMatch(/^status: cancelled$/m);
    expect(shown.stdout).toMatch(/^planned: 0$/m);
    expect(shown.stdout).toMatch(
      /^last_error: pre-send check failed: the DKIM domain mailer\.example\.net is not aligned/m,
    );
    expect(sent.code).toBe(0);
    expect(sent.stderr).toMatch(
      /^warning: the one-click URL, POSTed an empty body, does not answer/m,
    );
    expect(sent.stderr).toMatch(/sent 3, failed 0/);
    expect(setUp.smtp.received).toHaveLength(3);
    expect(forced.stderr).not.toMatch(/stopped/);
    expect(forced.stderr).toMatch(/run \S+ done: planned 0/);
    expect(forced.code).toBe(0);
  });
});
