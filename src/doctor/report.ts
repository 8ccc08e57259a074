import type { DoctorReport } from './types.js';

/** The checklist as the operator reads it: every check, then the DNS records to publish. */
export function formatReport(report: DoctorReport): string {
  const lines: string[] = [];
  const mark = (tag: string, findings: DoctorReport['failures']) => {
    for (const f of findings) lines.push(`  ${tag.padEnd(5)} ${f.message}`);
  };
  mark('FAIL', report.failures);
  mark('warn', report.warnings);
  mark('ok', report.passes);
  lines.push(
    '',
    report.dnsOffline
      ? `DNS records to publish (DNS could not be asked: ${report.dnsOffline}; check them with dig):`
      : 'DNS records to publish:',
  );
  for (const record of report.records) {
    lines.push(`  ${record.name}  ${record.type}  ${record.value}`, `      ${record.note}`);
    if (record.published !== undefined)
      lines.push(`      published now: ${record.published ?? '(none)'}`);
  }
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  lines.push(
    '',
    `${count(report.failures.length, 'failure')}, ${count(report.warnings.length, 'warning')}`,
  );
  return `${lines.join('\n')}\n`;
}

/** One line for a run's record and the log: every failure's message. */
export function failureSummary(report: DoctorReport): string {
  return `pre-send check failed: ${report.failures.map((f) => f.message).join('; ')}`;
}
