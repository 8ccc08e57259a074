import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Config, loadConfig } from '../config.js';
import { withEnvFile } from '../env-file.js';
import { createLogger, type Logger } from '../log.js';
import { type Db, migrateToLatest, openDatabase } from '../store/index.js';

export interface CliContext {
  config: Config;
  logger: Logger;
  /** The settings file read beneath the environment, if any. */
  envFile?: string;
}

/**
 * Config from the environment over `.env`, and a logger. A command logs to stderr, so stdout stays
 * for data, in plain lines when a person reads it; `serve` logs JSON to stdout.
 */
export function cliContext(destination: 1 | 2 = 2): CliContext {
  const { env, file } = withEnvFile(process.env);
  const config = loadConfig(env);
  const human = destination === 2 && process.stderr.isTTY === true;
  const logger = createLogger(config.logLevel, destination, human);
  return file ? { config, logger, envFile: file } : { config, logger };
}

/**
 * `GAZETTE_SECRET`, or one generated on first use into `data/secret` and kept: links in mail
 * already sent must stay valid across restarts. `wx` makes two starting workers agree on one.
 */
export async function resolveSecret(config: Config): Promise<string> {
  if (config.secret) return config.secret;
  const path = join(config.dataDir, 'secret');
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(config.dataDir, { recursive: true });
  try {
    await writeFile(path, `${randomBytes(32).toString('base64url')}\n`, {
      flag: 'wx',
      mode: 0o600,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (await readFile(path, 'utf8')).trim();
}

/** The database of `GAZETTE_DATABASE_URL` (a SQLite file is created on first use), migrated. */
export async function openStore(config: Config): Promise<Db> {
  const db = await openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
