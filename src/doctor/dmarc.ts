/**
 * DMARC records read under RFC 9989 (DMARCbis): `pct`, `rf` and `ri` are gone (receivers ignore
 * them); `t` (testing), `np` (non-existent subdomains) and `psd` (public suffix domains) are new;
 * and the organisational domain is found by walking the DNS tree, not from a suffix list.
 * The walk's lookups are given: `gazette doctor` passes the resolver, tests a table.
 */

export interface DmarcRecord {
  /** Tag names lower-cased; values trimmed. */
  tags: Map<string, string>;
  text: string;
}

/** The TXT strings at a name (each record's strings joined); [] when there is none. Throws when DNS cannot answer. */
export type TxtLookup = (name: string) => Promise<string[]>;

export interface DmarcDiscovery {
  domain: string;
  /** The record that applies: the domain's own, else its organisational domain's (or the PSD's). */
  policy?: { domain: string; record: DmarcRecord };
  organisationalDomain: string;
}

export const REMOVED_TAGS = ['pct', 'rf', 'ri'] as const;
const VERSION = /^v\s*=\s*DMARC1\s*(;|$)/;
/** A walk shortens a name of more than this many labels straight to this many (RFC 9989 4.10). */
const MAX_LABELS = 7;

export function parseDmarc(text: string): DmarcRecord | undefined {
  const trimmed = text.trim();
  if (!VERSION.test(trimmed)) return undefined;
  const tags = new Map<string, string>();
  for (const part of trimmed.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    if (!tags.has(name)) tags.set(name, part.slice(eq + 1).trim());
  }
  return { tags, text: trimmed };
}

/** The one DMARC record at `_dmarc.NAME`; several count as none (RFC 9989 4.10 step 2). */
async function recordAt(name: string, lookup: TxtLookup): Promise<DmarcRecord | undefined> {
  const records = (await lookup(`_dmarc.${name}`)).map(parseDmarc).filter((r) => r !== undefined);
  return records.length === 1 ? records[0] : undefined;
}

/**
 * The DNS tree walk (RFC 9989 4.10): from the domain up, one query a step (a long name jumps to
 * its last seven labels), stopping at a record with `psd=y` or `psd=n`. Records found, longest
 * name first.
 */
export async function treeWalk(
  domain: string,
  lookup: TxtLookup,
): Promise<{ domain: string; record: DmarcRecord }[]> {
  const found: { domain: string; record: DmarcRecord }[] = [];
  let labels = domain.toLowerCase().replace(/\.$/, '').split('.').filter(Boolean);
  while (labels.length > 0) {
    const name = labels.join('.');
    const record = await recordAt(name, lookup);
    if (record) {
      found.push({ domain: name, record });
      const psd = record.tags.get('psd')?.toLowerCase();
      if (psd === 'y' || psd === 'n') break;
    }
    labels = labels.length > MAX_LABELS ? labels.slice(-MAX_LABELS) : labels.slice(1);
  }
  return found;
}

/**
 * The organisational domain from a walk (RFC 9989 4.10.2): the domain of a `psd=n` record; one
 * label below a `psd=y` record; else the record with the fewest labels; else the domain itself.
 */
export function organisationalDomainOf(
  domain: string,
  found: readonly { domain: string; record: DmarcRecord }[],
): string {
  const name = domain.toLowerCase().replace(/\.$/, '');
  for (const entry of found) {
    const psd = entry.record.tags.get('psd')?.toLowerCase();
    if (psd === 'n') return entry.domain;
    if (psd === 'y' && entry.domain !== name) {
      return name
        .split('.')
        .slice(-(entry.domain.split('.').length + 1))
        .join('.');
    }
  }
  return found.at(-1)?.domain ?? name;
}

/** Policy discovery: the domain's own record, else its organisational domain's, else a PSD's. */
export async function discoverDmarc(domain: string, lookup: TxtLookup): Promise<DmarcDiscovery> {
  const name = domain.toLowerCase().replace(/\.$/, '');
  const found = await treeWalk(name, lookup);
  const organisationalDomain = organisationalDomainOf(name, found);
  const policy =
    found.find((f) => f.domain === name) ??
    found.find((f) => f.domain === organisationalDomain) ??
    found.find((f) => f.record.tags.get('psd')?.toLowerCase() === 'y');
  return { domain: name, organisationalDomain, ...(policy ? { policy } : {}) };
}

/** What an operator should know about a record, under RFC 9989: problems, then notes. */
export function reviewDmarc(record: DmarcRecord): { problems: string[]; notes: string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  const tag = (name: string) => record.tags.get(name)?.toLowerCase();
  const p = tag('p');
  if (!p || !['none', 'quarantine', 'reject'].includes(p)) {
    problems.push('p= is missing or not none, quarantine or reject');
  }
  const removed = REMOVED_TAGS.filter((name) => record.tags.has(name));
  if (removed.length > 0) {
    problems.push(
      `${removed.map((n) => `${n}=`).join(', ')} ${removed.length === 1 ? 'is' : 'are'} gone in RFC 9989 and ignored by receivers` +
        (removed.includes('pct') ? '; to try a policy out, use t=y' : ''),
    );
  }
  if (tag('psd') === 'y') problems.push('psd=y marks a public suffix, not a sending domain');
  if (tag('t') === 'y') notes.push(`t=y: receivers treat p=${p} as a test`);
  if (record.tags.has('np')) notes.push(`np=${tag('np')} for subdomains that do not exist`);
  if (!record.tags.has('rua')) notes.push('no rua=: you get no aggregate reports');
  return { problems, notes };
}
