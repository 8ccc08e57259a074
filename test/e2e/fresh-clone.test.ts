import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/cli.js';
import { hasTool } from '../helpers/tools.js';

const run = promisify(execFile);
const GIT = '/usr/bin/git';

/** Test files that need no peer but the repository itself: the fast part of the suite. */
const FAST = [
  'test/config.test.ts',
  'test/time.test.ts',
  'test/articles/parse.test.ts',
  'test/articles/seeds.test.ts',
  'test/feeds/peers.test.ts',
];

describe.runIf(hasTool(GIT, 'git'))('a fresh clone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-clone-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes the fast tests with nothing beside the checkout', async () => {
    // What is committed, alone in an empty folder: a file read from outside the repository (a
    // schema one folder up, say) is simply not there.
    const checkout = join(dir, 'gazette');
    const head = (await run(GIT, ['-C', projectRoot, 'rev-parse', 'HEAD'])).stdout.trim();
    await run(GIT, ['clone', '--quiet', '--no-checkout', projectRoot, checkout]);
    await run(GIT, ['-C', checkout, 'checkout', '--quiet', head]);
    expect(readdirSync(dir)).toEqual(['gazette']);
    // The installed dependencies, linked rather than installed again.
    symlinkSync(join(projectRoot, 'node_modules'), join(checkout, 'node_modules'), 'dir');

    // The child reports missing peers itself, as a first run would.
    const env = {
      ...Object.fromEntries(
        Object.entries(process.env).filter(
          ([name]) => !name.startsWith('VITEST') && name !== 'GAZETTE_TEST_PEERS_REPORTED',
        ),
      ),
      NO_COLOR: '1',
    };
    const vitest = join(checkout, 'node_modules/vitest/vitest.mjs');
    const result = await run(process.execPath, [vitest, 'run', ...FAST], {
      cwd: checkout,
      env,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout: string; stderr: string; code: number }) => error);
    const output = `${result.stdout}\n${result.stderr}`;
    expect(output, output).toMatch(new RegExp(`Test Files +${FAST.length} passed`));
    expect(output).not.toMatch(/failed/);
  }, 180_000);
});
