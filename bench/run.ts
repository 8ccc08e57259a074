/** Runs every benchmark in `bench/` in turn, each in its own process, and prints its figures. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const here = import.meta.dirname;
const helpers = new Set(['run.ts', 'store.ts']);
const benches = readdirSync(here)
  .filter((name) => name.endsWith('.ts') && !helpers.has(name))
  .sort();
let failed = 0;
for (const name of benches) {
  console.log(`\n== bench/${name}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, name)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
