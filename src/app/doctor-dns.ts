import { Resolver } from 'node:dns/promises';
import { type DoctorInput, discoverDmarc, type TxtLookup } from '../doctor/index.js';

/** Names that never reach the public DNS (RFC 6761, RFC 6762). */
const LOCAL = /(^|\.)(localhost|test|invalid|local|internal|lan)$|^[^.]+$/i;

/**
 * DMARC for the From and DKIM domains as DNS answers now (RFC 9989 discovery), or why DNS could
 * not be asked: a local domain, or no resolver that answers (no network). A resolver that
 * cannot name the servers of the From domain's top-level domain is taken as offline, since
 * some answer "no such name" to everything.
 */
export async function dmarcFromDns(
  fromDomain: string,
  dkimDomain: string | undefined,
  servers?: string[],
): Promise<DoctorInput['dns']> {
  if (LOCAL.test(fromDomain)) return { offline: `${fromDomain} is a local domain` };
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  if (servers) resolver.setServers(servers);
  const tld = fromDomain.split('.').at(-1) ?? fromDomain;
  try {
    const ns = await resolver.resolveNs(tld);
    if (ns.length === 0) return { offline: `no name servers for ${tld}.` };
  } catch (error) {
    return { offline: `no DNS answer for ${tld}. (${(error as { code?: string }).code ?? error})` };
  }
  const lookup: TxtLookup = async (name) => {
    try {
      return (await resolver.resolveTxt(name)).map((strings) => strings.join(''));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOTFOUND' || code === 'ENODATA') return [];
      throw error;
    }
  };
  try {
    const from = await discoverDmarc(fromDomain, lookup);
    if (!dkimDomain || dkimDomain === fromDomain)
      return { from, ...(dkimDomain ? { dkim: from } : {}) };
    return { from, dkim: await discoverDmarc(dkimDomain, lookup) };
  } catch (error) {
    return { offline: `DNS failed (${(error as { code?: string }).code ?? error})` };
  }
}
