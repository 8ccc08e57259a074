/**
 * Runs every benchmark in this folder in turn, each in its own process so that timings and peak
 * memory are its own. `npm run bench -- digest` runs only the files whose name contains "digest";
 * options (`--count 10000`) are passed on to each benchmark.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const filters = args.filter(
  (arg, index) => !arg.startsWith('-') && !args[index - 1]?.startsWith('--'),
);
const options = args.filter((arg) => !filters.includes(arg));
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.ts') && name !== 'run.ts')
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

let failed = 0;
for (const file of files) {
  process.stdout.write(`\n== bench/${file}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${file}`, ...options], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
