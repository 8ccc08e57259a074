import type { DmarcDiscovery } from './dmarc.js';

/** What `gazette doctor` and every send run check, and what they report. */

export type CheckName =
  | 'sample'
  | 'dkim-key'
  | 'dkim-signature'
  | 'dkim-alignment'
  | 'text-part'
  | 'relative-links'
  | 'html-size'
  | 'list-unsubscribe'
  | 'list-unsubscribe-post'
  | 'mailto-unsubscribe'
  | 'site-https'
  | 'one-click'
  | 'smtp'
  | 'dmarc'
  | 'complaint-rate'
  | 'digest-layout';

export interface Finding {
  check: CheckName;
  message: string;
}

/** A DNS record the operator must publish. */
export interface DnsRecord {
  name: string;
  type: 'TXT' | 'MX';
  value: string;
  note: string;
  /** What DNS holds there now: the record, null for none; absent when DNS was not asked. */
  published?: string | null;
}

export interface DoctorReport {
  /** Any of these stops a send run (unless forced). */
  failures: Finding[];
  /** Logged; never stop a run. */
  warnings: Finding[];
  passes: Finding[];
  records: DnsRecord[];
  /** Why DNS could not be asked (offline, a local domain); absent when it answered. */
  dnsOffline?: string;
}

/** An answer from the edge: a server or URL that was asked. */
export type Probe =
  | { ok: true; detail: string }
  | { ok: false; detail: string }
  | { skipped: string };

export interface DkimSetting {
  domain: string;
  selector: string;
  /** The PEM text, or why it could not be read. */
  privateKeyPem?: string;
  readError?: string;
}

export interface DoctorInput {
  /** The From address (`GAZETTE_FROM`). */
  fromAddress: string;
  /** The domain of envelope senders and mailto unsubscribes. */
  mailDomain: string;
  siteUrl: string;
  /** Unset: no DKIM configured. */
  dkim?: DkimSetting;
  /** The raw message a send would produce (real renderer, real MIME builder), or why not. */
  sample: { raw: string } | { error: string };
  /** How the digest renderer builds digests; unset when the sample did not render. */
  layout?: { kind: 'layout' } | { kind: 'per-content'; reason: string };
  /** The SMTP relay's host, for the SPF record; unset: the outbox folder. */
  relayHost?: string;
  /** Whether inbound mail is received (listener configured): the MX record is then listed. */
  inbound: boolean;
  /**
   * DMARC as DNS answers it (RFC 9989 discovery for the From and DKIM domains), or why DNS could
   * not be asked: the records are then only printed to publish.
   */
  dns: { from: DmarcDiscovery; dkim?: DmarcDiscovery } | { offline: string };
  /** Complaints and deliveries over the last seven days; absent without a database. */
  complaints?: { delivered: number; complaints: number };
  probes: {
    smtp: Probe;
    /** RFC 8058 one-click POSTs to the sample's URL: an empty body, and `List-Unsubscribe=One-Click`. */
    oneClickEmpty: Probe;
    oneClickBody: Probe;
  };
}
