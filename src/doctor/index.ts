export { aligned, organizationalDomain } from './alignment.js';
export { HTML_CLIP_BYTES, relativeLinks, runChecks } from './checks.js';
export { probeOneClick, probeSmtp } from './probes.js';
export { failureSummary, formatReport } from './report.js';
export type {
  CheckName,
  DkimSetting,
  DnsRecord,
  DoctorInput,
  DoctorReport,
  Finding,
  Probe,
} from './types.js';
