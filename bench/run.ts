/** Runs every benchmark in this folder in turn (`npm run bench`); arguments are passed on. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.ts') && name !== 'run.ts')
  .sort();
let failed = false;
for (const file of files) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', `${dir}${file}`, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
