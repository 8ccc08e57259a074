/**
 * CLI start-up: wall time from spawning to exit of the built CLI (`dist/cli/main.js`, as the
 * Docker image runs it) for `gazette --help` and `gazette articles check` on the shipped store,
 * next to a bare `node -e 0` and through `bin/gazette.js` (what `npx gazette` runs). Median of
 * `--count` runs (default 10) each. Target: `--help` within 6× `node -e 0`, the common
 * commands well under a second. Builds `dist/` first when it is missing or older than `src/`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const count = Number(args[args.indexOf('--count') + 1]) || 10;
const main = join(root, 'dist/cli/main.js');

async function newest(dir: string): Promise<number> {
  let latest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

const built = (() => {
  try {
    return statSync(main).mtimeMs;
  } catch {
    return 0;
  }
})();
if (built < (await newest(join(root, 'src')))) {
  process.stdout.write('building dist/ (npm run build)...\n');
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}

// An empty data folder and a database of its own: nothing the measurement reads is shared.
const data = mkdtempSync(join(tmpdir(), 'gazette-bench-startup-'));
const env = {
  ...process.env,
  GAZETTE_DATA_DIR: data,
  GAZETTE_DATABASE_URL: `sqlite:${join(data, 'gazette.db')}`,
  GAZETTE_ARTICLES_DIR: join(root, 'articles'),
  // Nothing from a local .env: the figures are of the defaults.
  GAZETTE_ENV_FILE: '/dev/null',
};

/** Median milliseconds from spawn to exit over `count` runs (one unmeasured run first). */
function time(command: string[]): number {
  const [file, ...rest] = command as [string, ...string[]];
  const runs: number[] = [];
  for (let i = 0; i <= count; i++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(file, rest, { cwd: root, env, stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.error) throw result.error;
    if (i > 0) runs.push(ms);
  }
  runs.sort((a, b) => a - b);
  return runs[Math.floor(runs.length / 2)] as number;
}

const node = process.execPath;
const baseline = time([node, '-e', '0']);
const rows: [string, number][] = [
  ['node -e 0 (baseline)', baseline],
  ['gazette --help (dist)', time([node, main, '--help'])],
  ['gazette articles check (dist)', time([node, main, 'articles', 'check'])],
  ['gazette --help (bin/gazette.js)', time([node, join(root, 'bin/gazette.js'), '--help'])],
];
rmSync(data, { recursive: true, force: true });

process.stdout.write(`median of ${count} runs each\n`);
for (const [name, ms] of rows) {
  process.stdout.write(
    `${name.padEnd(34)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / baseline).toFixed(1).padStart(5)}× node -e 0\n`,
  );
}
