import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/cli.js';

const trace = resolve(projectRoot, 'test/helpers/trace-loads.mjs');
const main = resolve(projectRoot, 'src/cli/main.ts');

/** `gazette ARGS`, reporting the heavy packages it loads. */
function traced(args: string[]): Promise<{ stdout: string; loaded: string[] }> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      ['--import', trace, '--import', 'tsx', main, ...args],
      { cwd: projectRoot },
      (error, stdout, stderr) => {
        if (error) fail(error);
        else done({ stdout, loaded: stderr.match(/(?<=^loaded )\S+/gm) ?? [] });
      },
    );
  });
}

describe('gazette --help', () => {
  it('lists every command without loading MJML, a database driver or the HTTP stack', async () => {
    const [help, doctor] = await Promise.all([traced(['--help']), traced(['doctor', '--help'])]);
    for (const name of ['serve', 'articles', 'send [options]', 'runs', 'doctor [options]']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${name.replace(/[[\]]/g, '\\$&')} `, 'm'));
    }
    expect(help.loaded).toEqual([]);
    // A command's own help loads its module, and with it the parts it runs on.
    expect(doctor.stdout).toMatch(/--strict/);
    expect(doctor.loaded).toEqual(expect.arrayContaining(['mjml', 'kysely', 'nodemailer']));
  });
});
