// The root alone, not app/index.js: a command that reads articles loads nothing else.
import { createGazette, type Gazette } from '../app/gazette.js';
import { loadConfig } from '../config.js';
import { withEnvFile } from '../env-file.js';
import { createLogger } from '../log.js';

/**
 * Gazette as the environment configures it, over `./.env` (or `GAZETTE_ENV_FILE`). Logs go to
 * stderr so that stdout stays for data, in plain lines when a person reads them; `gazette serve`,
 * which prints no data, logs JSON to stdout.
 */
export function gazetteFromEnv(logTo: 1 | 2 = 2): Gazette {
  const { env, file } = withEnvFile(process.env);
  const config = loadConfig(env);
  const human = logTo === 2 && process.stderr.isTTY === true;
  const logger = createLogger(config.logLevel, logTo, human);
  if (file && logTo === 1)
    logger.info({ file }, 'settings read from the file, under the environment');
  return createGazette(config, logger);
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
