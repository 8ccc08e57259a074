import { existsSync } from 'node:fs';

/** True in CI, where a missing peer (a Debian tool, PostgreSQL) is a failure, never a skip. */
export const inCI = process.env.CI === 'true';

/**
 * Whether a test that needs `path` (a Debian tool) can run. Outside CI a missing tool skips the
 * test with a message; in CI it throws so the run fails loudly.
 */
export function hasTool(path: string, install: string): boolean {
  if (existsSync(path)) return true;
  const message = `${path} is missing: apt-get install -y ${install}`;
  if (inCI) throw new Error(message);
  // The run's global set-up already named each missing peer once.
  if (!process.env.GAZETTE_TEST_PEERS_REPORTED) console.warn(`skipping: ${message}`);
  return false;
}

/** Debian's python, which sees Debian's python3-* modules (the python3 on PATH may not). */
export const debianPython = '/usr/bin/python3';
