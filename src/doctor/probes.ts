import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { Probe } from './types.js';

/** The edge of the doctor: the two things it asks over the network. */

/** Connects (and logs in, when the URL has credentials) to the relay, then quits. */
export function probeSmtp(smtpUrl: string | undefined, timeoutMs = 5000): Promise<Probe> {
  if (!smtpUrl)
    return Promise.resolve({ skipped: 'no GAZETTE_SMTP_URL (messages go to the outbox folder)' });
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const port = Number(url.port) || (secure ? 465 : 587);
  return new Promise((resolve) => {
    const connection = new SMTPConnection({
      host: url.hostname,
      port,
      secure,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    let settled = false;
    const done = (probe: Probe) => {
      if (settled) return;
      settled = true;
      connection.close();
      resolve(probe);
    };
    connection.on('error', (error) =>
      done({ ok: false, detail: `${url.hostname}:${port}: ${error.message}` }),
    );
    connection.connect(() => {
      if (!url.username) return done({ ok: true, detail: `${url.hostname}:${port} greets` });
      const auth = {
        user: decodeURIComponent(url.username),
        pass: decodeURIComponent(url.password),
      };
      connection.login(auth, (error) =>
        done(
          error
            ? { ok: false, detail: `login refused: ${error.message}` }
            : { ok: true, detail: `${url.hostname}:${port} accepts the login` },
        ),
      );
    });
  });
}

/**
 * POSTs to a one-click unsubscribe URL as a mailbox provider does (RFC 8058: no cookie, no
 * redirect followed). The URL names no real subscriber, so the POST changes nothing.
 */
export async function probeOneClick(url: string, body: string, timeoutMs = 5000): Promise<Probe> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return response.status >= 200 && response.status < 300
      ? { ok: true, detail: `${response.status}` }
      : { ok: false, detail: `answered ${response.status}, not 2xx` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, detail: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}
