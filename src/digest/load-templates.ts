import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DigestTemplates } from './types.js';

/** The edge: reads `digest.mjml` and `digest.txt` from `dir` once; rendering takes the strings. */
export async function loadDigestTemplates(dir: string): Promise<DigestTemplates> {
  const read = async (name: string) => {
    try {
      return await readFile(join(dir, name), 'utf8');
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : String(error);
      throw new Error(`digest template ${join(dir, name)}: ${reason}`);
    }
  };
  const [mjml, text] = await Promise.all([read('digest.mjml'), read('digest.txt')]);
  return { mjml, text };
}
