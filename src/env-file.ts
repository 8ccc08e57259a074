import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { ConfigError } from './config.js';

export type Environment = Record<string, string | undefined>;

/**
 * The environment with `./.env` (or the file `GAZETTE_ENV_FILE` names) beneath it: a variable
 * set in the environment wins over the file, so a one-off `GAZETTE_PORT=9000 gazette serve` works
 * on top of the settings kept there (an empty variable does not count). A missing `.env` is fine; a named file that cannot be read
 * is an error, since every setting in it would silently fall back to its default.
 */
export function withEnvFile(
  env: Environment = process.env,
  cwd = process.cwd(),
): { env: Environment; file?: string } {
  const named = env.GAZETTE_ENV_FILE?.trim();
  const path = resolve(cwd, named || '.env');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!named && code === 'ENOENT') return { env };
    const what = named ? `GAZETTE_ENV_FILE names ${path}` : `the settings file ${path}`;
    throw new ConfigError([`${what}, which cannot be read (${code ?? String(error)})`]);
  }
  // An empty variable counts as unset here as in `loadConfig`: it does not hide the file's value.
  const set = Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== '');
  return { env: { ...env, ...parse(text), ...Object.fromEntries(set) }, file: path };
}
