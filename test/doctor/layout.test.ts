import { describe, expect, it } from 'vitest';
import { preSendCheck } from '../../src/app/doctor.js';
import { loadConfig } from '../../src/config.js';
import { unmarkedTemplates } from '../digest/fixtures.js';
import { doctorSetUp } from '../helpers/doctor-setup.js';
import { writeStore } from '../helpers/store.js';

/** `gazette doctor` and the pre-send check over the real renderer: how digests are built. */
describe('the digest layout check', () => {
  const setUp = doctorSetUp();
  const check = (env: Record<string, string> = {}) =>
    preSendCheck(loadConfig({ ...setUp.env, GAZETTE_DKIM_DOMAIN: 'example.org', ...env }));

  it('passes the shipped template: its layout is compiled once', async () => {
    const report = await check();
    expect(report.passes).toContainEqual({
      check: 'digest-layout',
      message: expect.stringContaining('compiled once'),
    });
  });

  it('warns about the cost of a template whose blocks are not marked, and why', async () => {
    const { mjml, text } = await unmarkedTemplates();
    const templates = await writeStore({ 'digest.mjml': mjml, 'digest.txt': text });
    try {
      const report = await check({ GAZETTE_TEMPLATES_DIR: templates.dir });
      expect(report.failures).toEqual([]);
      const warning = report.warnings.find((w) => w.check === 'digest-layout');
      expect(warning?.message).toMatch(/compiled by MJML for each distinct digest/);
      expect(warning?.message).toMatch(/\{\{#each sections\}\}/);
      expect(warning?.message).toMatch(/<mj-raw>/);
    } finally {
      await templates.remove();
    }
  });
});
