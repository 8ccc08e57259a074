import { COMPLAINT_LIMIT, COMPLAINT_TARGET, formatRate } from '../complaints/index.js';
import { aligned } from './alignment.js';
import { reviewDmarc } from './dmarc.js';
import { dmarcRecord } from './records.js';
import type { CheckName, DnsRecord, DoctorInput } from './types.js';

type Note = (check: CheckName, message: string) => void;

/**
 * DMARC as published (RFC 9989), and the record to publish: at the organisational domain the
 * DNS tree walk found, with what is there now. Offline, the record is only printed.
 */
export function checkDmarc(
  input: DoctorInput,
  fromDomain: string,
  warn: Note,
  pass: Note,
): DnsRecord {
  if ('offline' in input.dns) return dmarcRecord(fromDomain);
  const { policy, organisationalDomain } = input.dns.from;
  const record = { ...dmarcRecord(organisationalDomain), published: policy?.record.text ?? null };
  if (!policy) {
    warn(
      'dmarc',
      `no DMARC record for ${fromDomain} nor its organisational domain ${organisationalDomain}: Gmail, Yahoo and Outlook.com require one of bulk senders`,
    );
    return record;
  }
  const where = `_dmarc.${policy.domain}`;
  const { problems, notes } = reviewDmarc(policy.record);
  for (const problem of problems) warn('dmarc', `the DMARC record at ${where}: ${problem}`);
  if (problems.length === 0) {
    const p = policy.record.tags.get('p');
    const more = notes.length > 0 ? `; ${notes.join('; ')}` : '';
    pass(
      'dmarc',
      `DMARC p=${p} at ${where} (organisational domain ${organisationalDomain})${more}`,
    );
  }
  return { ...record, name: `${where}.` };
}

/** Relaxed alignment by the organisational domains DNS gave, else by the usual suffixes. */
export function dkimAligned(input: DoctorInput, dkimDomain: string, fromDomain: string): boolean {
  if (!('offline' in input.dns) && input.dns.dkim) {
    return input.dns.dkim.organisationalDomain === input.dns.from.organisationalDomain;
  }
  return aligned(dkimDomain, fromDomain);
}

/** Gmail wants spam complaints under 0.1 %; at 0.3 % the large providers reject or junk. */
export function checkComplaints(input: DoctorInput, warn: Note, pass: Note): void {
  if (!input.complaints || input.complaints.delivered === 0) return;
  const { delivered, complaints } = input.complaints;
  const rate = complaints / delivered;
  const figures = `${formatRate(rate)} (${complaints} of ${delivered} delivered in 7 days)`;
  if (rate > COMPLAINT_TARGET) {
    const line =
      rate > COMPLAINT_LIMIT
        ? 'over 0.3 %, where Gmail, Yahoo and Outlook.com reject bulk mail'
        : "over Gmail's 0.1 %";
    warn('complaint-rate', `the complaint rate is ${figures}, ${line}`);
  } else pass('complaint-rate', `the complaint rate is ${figures}, under Gmail's 0.1 %`);
}
