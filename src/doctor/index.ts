export { aligned } from './alignment.js';
export { runChecks } from './checks.js';
export {
  type DmarcDiscovery,
  type DmarcRecord,
  discoverDmarc,
  organisationalDomainOf,
  parseDmarc,
  reviewDmarc,
  type TxtLookup,
  treeWalk,
} from './dmarc.js';
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
