import { createVerify, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { assertFresh, HookRefused, parseJson } from './types.js';

/**
 * Amazon SNS message signatures: SNS signs a canonical string of the message's fields with the
 * key of an X.509 certificate it publishes at `SigningCertURL` (RSA with SHA-1 for
 * `SignatureVersion` 1, SHA-256 for 2). The URL must be on SNS's own hosts, fetched over https,
 * or anyone could sign with a certificate of their own; and the topic must be one the operator
 * configured, or anyone with an AWS account could publish to us through SNS.
 */
export const SNS_URL = /^https:\/\/sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//;

/** SNS retries a failed delivery for up to an hour with the message's original timestamp. */
export const SNS_WINDOW_MS = 60 * 60_000;

const message = z.object({
  Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
  MessageId: z.string().min(1),
  TopicArn: z.string().min(1),
  Message: z.string(),
  Timestamp: z.string().min(1),
  SignatureVersion: z.enum(['1', '2']),
  Signature: z.string().min(1),
  SigningCertURL: z.string().min(1),
  Subject: z.string().optional(),
  SubscribeURL: z.string().optional(),
  Token: z.string().optional(),
});
export type SnsMessage = z.infer<typeof message>;

export interface SnsOptions {
  /** The topics the operator subscribed (`GAZETTE_HOOK_SES_TOPICS`). */
  topics: readonly string[];
  /** Where certificates and subscription confirmations may be fetched; SNS's hosts in production. */
  snsUrl?: RegExp;
  fetch?: typeof fetch;
}

export interface SnsVerifier {
  verify(body: string, now: Date): Promise<SnsMessage>;
  /** Fetches a SubscriptionConfirmation's `SubscribeURL` (on SNS's hosts only). */
  confirm(url: string): Promise<void>;
}

export function createSnsVerifier(options: SnsOptions): SnsVerifier {
  const allowed = options.snsUrl ?? SNS_URL;
  const get = options.fetch ?? fetch;
  const certificates = new Map<string, Promise<X509Certificate>>();
  const certificate = (url: string): Promise<X509Certificate> => {
    let found = certificates.get(url);
    if (!found) {
      found = (async () => {
        const response = await get(url, { signal: AbortSignal.timeout(10_000) });
        if (!response.ok) throw new Error(`the certificate URL answered ${response.status}`);
        return new X509Certificate(await response.text());
      })();
      // A failed fetch is tried again with the next message.
      found.catch(() => certificates.delete(url));
      certificates.set(url, found);
    }
    return found;
  };

  return {
    async verify(body, now) {
      const json = parseJson(body) as { Signature?: unknown; SigningCertURL?: unknown } | null;
      if (typeof json === 'object' && json !== null && (!json.Signature || !json.SigningCertURL)) {
        throw new HookRefused(401, 'unsigned: an SNS message needs Signature and SigningCertURL');
      }
      const parsed = message.safeParse(json);
      if (!parsed.success) throw new HookRefused(400, 'malformed: not an SNS message');
      const m = parsed.data;
      if (!allowed.test(m.SigningCertURL) || !m.SigningCertURL.endsWith('.pem')) {
        throw new HookRefused(403, 'forged: the signing certificate is not on an SNS host');
      }
      if (!options.topics.includes(m.TopicArn)) {
        throw new HookRefused(403, `forged: topic ${m.TopicArn} is not in GAZETTE_HOOK_SES_TOPICS`);
      }
      let cert: X509Certificate;
      try {
        cert = await certificate(m.SigningCertURL);
      } catch (error) {
        throw new HookRefused(403, `unverifiable: ${(error as Error).message}`);
      }
      if (now < new Date(cert.validFrom) || now > new Date(cert.validTo)) {
        throw new HookRefused(403, 'forged: the signing certificate is not valid now');
      }
      const verifier = createVerify(m.SignatureVersion === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
      verifier.update(stringToSign(m), 'utf8');
      if (!verifier.verify(cert.publicKey, Buffer.from(m.Signature, 'base64'))) {
        throw new HookRefused(403, 'forged: the SNS signature does not verify');
      }
      assertFresh(Date.parse(m.Timestamp), now, SNS_WINDOW_MS);
      return m;
    },
    async confirm(url) {
      if (!allowed.test(url)) {
        throw new HookRefused(403, 'forged: the SubscribeURL is not on an SNS host');
      }
      const response = await get(url, { signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`confirming the SNS subscription: ${response.status}`);
    },
  };
}

/** The canonical string SNS signs: `Name\nvalue\n` for each signed field, in this order. */
export function stringToSign(m: SnsMessage): string {
  const fields =
    m.Type === 'Notification'
      ? (['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'] as const)
      : ([
          'Message',
          'MessageId',
          'SubscribeURL',
          'Timestamp',
          'Token',
          'TopicArn',
          'Type',
        ] as const);
  let out = '';
  for (const name of fields) {
    const value = m[name];
    if (value !== undefined) out += `${name}\n${value}\n`;
  }
  return out;
}
