import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Config, parseFromAddress } from '../config.js';
import {
  createMailer,
  createMailTransport,
  type DkimOptions,
  formatListId,
  type MailTransport,
  type MimeOptions,
  mimeOptionsOf,
} from '../mail/index.js';
import type { Mailer } from '../send/index.js';

/** The domain of Message-IDs, List-Id and mailto links. */
export function mailDomainOf(config: Config): string {
  return config.mailDomain ?? config.fromEmail.split('@')[1] ?? 'localhost';
}

/** The DKIM settings with the key read from its file; undefined when DKIM is not configured. */
export async function dkimOptionsFor(config: Config): Promise<DkimOptions | undefined> {
  if (!config.dkimDomain || !config.dkimSelector || !config.dkimKey) return undefined;
  return {
    domain: config.dkimDomain,
    selector: config.dkimSelector,
    privateKeyPem: await readFile(config.dkimKey, 'utf8'),
  };
}

/** From, List-Id and the DKIM signer, exactly as the mailer builds every message. */
export function mimeOptionsFor(config: Config, dkim: DkimOptions | undefined): MimeOptions {
  return mimeOptionsOf({ from: fromOf(config), listId: listIdOf(config), dkim });
}

function fromOf(config: Config): { address: string; name?: string } {
  return parseFromAddress(config.from) ?? { address: config.fromEmail };
}

function listIdOf(config: Config): string {
  return formatListId(config.siteName, `digest.${mailDomainOf(config)}`);
}

/** Without `GAZETTE_SMTP_URL`, messages are written as `.eml` files here. */
function outboxOf(config: Config): string {
  return join(config.dataDir, 'outbox');
}

/** The digest mailer: SMTP (a pool of `GAZETTE_SMTP_POOL` connections) or the outbox folder. */
export async function mailerFor(config: Config): Promise<Mailer> {
  return createMailer({
    smtpUrl: config.smtpUrl,
    outboxDir: outboxOf(config),
    pool: config.smtpPool,
    from: fromOf(config),
    listId: listIdOf(config),
    dkim: await dkimOptionsFor(config),
  });
}

/** A plain transport (confirmation mail, health probes) to the same server or folder. */
export function transportFor(config: Config, pool = config.smtpPool): MailTransport {
  return createMailTransport({ smtpUrl: config.smtpUrl, outboxDir: outboxOf(config), pool });
}
