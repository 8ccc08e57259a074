import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressObject } from 'mailparser';

/** One message in the outbox folder, as a local mail catcher lists it. */
export interface OutboxEntry {
  /** The file name without `.eml`: what `gazette outbox show` and the console take. */
  id: string;
  file: string;
  writtenAt: Date;
  from: string;
  to: string;
  subject: string;
}

export interface OutboxMessage extends OutboxEntry {
  date: Date | null;
  /** Decoded from quoted-printable or base64: links can be clicked and copied. */
  html: string | null;
  text: string | null;
  headers: { name: string; value: string }[];
}

const ID = /^[A-Za-z0-9_@-][A-Za-z0-9._@-]*$/;

/** Whether `id` can name an outbox message (and nothing outside the folder). */
export function isOutboxId(id: string): boolean {
  return ID.test(id) && id.length <= 255;
}

/** The newest `limit` messages, newest first; an outbox not made yet is empty. */
export async function listOutbox(dir: string, limit = 50): Promise<OutboxEntry[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.eml') && !name.startsWith('.'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = await Promise.all(
    names.map(async (name) => ({ name, writtenAt: (await stat(join(dir, name))).mtime })),
  );
  files.sort((a, b) => b.writtenAt.getTime() - a.writtenAt.getTime() || (a.name < b.name ? 1 : -1));
  const newest = files.slice(0, limit);
  return Promise.all(
    newest.map(async ({ name }) => {
      const message = await readOutboxMessage(dir, name.slice(0, -'.eml'.length));
      if (!message) throw new Error(`${name} left the outbox while it was read`);
      const { id, file, writtenAt, from, to, subject } = message;
      return { id, file, writtenAt, from, to, subject };
    }),
  );
}

/** The message `id`, decoded; undefined when there is none. */
export async function readOutboxMessage(
  dir: string,
  id: string,
): Promise<OutboxMessage | undefined> {
  if (!isOutboxId(id)) return undefined;
  const file = join(dir, `${id}.eml`);
  let raw: Buffer;
  let writtenAt: Date;
  try {
    [raw, writtenAt] = await Promise.all([readFile(file), stat(file).then((s) => s.mtime)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  // Loaded on first use: only the outbox pages and command read mail, and it is a large module.
  const { simpleParser } = await import('mailparser');
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  return {
    id,
    file,
    writtenAt,
    from: addresses(parsed.from),
    to: addresses(parsed.to),
    subject: parsed.subject ?? '',
    date: parsed.date ?? null,
    html: typeof parsed.html === 'string' ? parsed.html : null,
    text: parsed.text ?? null,
    headers: parsed.headerLines.map((line) => ({
      name: line.key,
      value: line.line.slice(line.line.indexOf(':') + 1).trim(),
    })),
  };
}

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return '';
  return [value]
    .flat()
    .map((object) => object.text)
    .join(', ');
}
