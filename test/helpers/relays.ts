import { execFileSync } from 'node:child_process';
import { createHmac, createSign, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Stand-ins for the relays: keys and certificates the test makes, and payloads signed as each
 * relay documents it. The canonical SNS string is written out here from AWS's description, not
 * taken from the code under test.
 */

/** A self-signed certificate and its key, made with openssl, standing in for SNS's. */
export function snsCertificate(): { certificate: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-sns-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '2',
        '-subj',
        '/CN=sns.test.invalid',
      ],
      { stdio: 'ignore' },
    );
    return {
      certificate: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A local stand-in for SNS's hosts: serves the certificate and counts subscription confirmations. */
export async function snsHost(certificate: string): Promise<{
  base: string;
  confirmations: string[];
  close(): Promise<void>;
}> {
  const confirmations: string[] = [];
  const server: Server = createServer((req, res) => {
    if (req.url?.endsWith('.pem')) {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(certificate);
    } else if (req.url?.includes('Action=ConfirmSubscription')) {
      confirmations.push(req.url);
      res.writeHead(200, { 'content-type': 'text/xml' }).end('<ConfirmSubscriptionResponse/>');
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    base: `http://127.0.0.1:${port}`,
    confirmations,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface SnsFields {
  Type: 'Notification' | 'SubscriptionConfirmation';
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
}

/** An SNS message signed as SNS signs it (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA). */
export function signedSns(
  fields: SnsFields,
  key: string,
  certUrl: string,
  version: '1' | '2' = '2',
): Record<string, string> {
  const order =
    fields.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  const record = fields as unknown as Record<string, string | undefined>;
  const canonical = order
    .filter((name) => record[name] !== undefined)
    .map((name) => `${name}\n${record[name]}\n`)
    .join('');
  const signer = createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256');
  signer.update(canonical);
  return {
    ...(fields as unknown as Record<string, string>),
    SignatureVersion: version,
    Signature: signer.sign(key, 'base64'),
    SigningCertURL: certUrl,
  };
}

/** SendGrid's key pair: ECDSA P-256; the public half as SendGrid shows it (base64 DER). */
export function sendgridKeys(): { privateKey: KeyObject; verificationKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privateKey,
    verificationKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}

export function sendgridHeaders(privateKey: KeyObject, body: string, timestamp: number) {
  const signature = sign('sha256', Buffer.from(`${timestamp}${body}`), privateKey);
  return {
    'X-Twilio-Email-Event-Webhook-Signature': signature.toString('base64'),
    'X-Twilio-Email-Event-Webhook-Timestamp': String(timestamp),
  };
}

/** Mailgun's `signature` object for a webhook body. */
export function mailgunSignature(key: string, timestamp: number, token: string) {
  return {
    timestamp: String(timestamp),
    token,
    signature: createHmac('sha256', key).update(`${timestamp}${token}`).digest('hex'),
  };
}

/** The generic form's headers, as docs/deliverability.md tells a sender to compute them. */
export function genericHeaders(secret: string, body: string, timestamp: number) {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return { 'X-Gazette-Timestamp': String(timestamp), 'X-Gazette-Signature': `sha256=${mac}` };
}
