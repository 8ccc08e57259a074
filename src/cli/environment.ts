// The root alone, not app/index.js: a command that reads articles loads nothing else.
import { createGazette, type Gazette } from '../app/gazette.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../log.js';

/**
 * Gazette as the environment configures it. Logs go to stderr so that stdout stays for data;
 * `gazette serve`, which prints no data, logs to stdout.
 */
export function gazetteFromEnv(logTo: 1 | 2 = 2): Gazette {
  const config = loadConfig(process.env);
  return createGazette(config, createLogger(config.logLevel, logTo));
}

/** Runs `work` with Gazette's parts, then closes what it opened, however the work ends. */
export async function withGazette<T>(work: (gazette: Gazette) => Promise<T>): Promise<T> {
  const gazette = gazetteFromEnv();
  try {
    return await work(gazette);
  } finally {
    await gazette.close();
  }
}
