/**
 * DMARC's relaxed alignment: two domains align when their organizational domains are equal.
 * Without the public suffix list, the organizational domain is the last two labels, or three
 * under a common second-level registry suffix (example.co.uk, example.com.au).
 */
const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'ac', 'gov', 'edu', 'ne', 'or', 'go']);

export function organizationalDomain(domain: string): string {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.');
  const [tld, second] = [labels.at(-1) ?? '', labels.at(-2) ?? ''];
  const keep = tld.length === 2 && SECOND_LEVEL.has(second) && labels.length >= 3 ? 3 : 2;
  return labels.slice(-keep).join('.');
}

export function aligned(a: string, b: string): boolean {
  return organizationalDomain(a) === organizationalDomain(b);
}

export function domainOf(address: string): string {
  return (address.split('@').at(-1) ?? '').toLowerCase();
}
