import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTemplateRenderer } from '../../src/mail/index.js';

const data = {
  siteName: 'News <&> Views',
  siteUrl: 'https://news.example.org',
  email: 'reader@example.org',
  frequency: 'weekly',
  allCategories: false,
  categories: ['Biz updates', 'Parks & "Zones"'],
  confirmUrl: 'https://news.example.org/confirm?token=c.abc.def.ghi',
  preferencesUrl: 'https://news.example.org/preferences?token=p.abc.def.ghi',
  unsubscribeUrl: 'https://news.example.org/unsubscribe?token=u.abc.def.ghi',
  confirmDays: 7,
};

describe('email templates', () => {
  const render = createTemplateRenderer();

  it('renders the confirmation as HTML and a plain-text twin', async () => {
    const { html, text } = await render('confirm', data);
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('News &lt;&amp;&gt; Views');
    expect(html).toContain('Parks &amp; &quot;Zones&quot;');
    expect(html).not.toContain('<&>');
    expect(html).toContain('href="https://news.example.org/confirm?token&#x3D;c.abc.def.ghi"');
    expect(text).toContain('News <&> Views');
    expect(text).toContain('Biz updates, Parks & "Zones", weekly.');
    expect(text).toContain(data.confirmUrl);
  });

  it('renders the preferences-link email with both links', async () => {
    const { html, text } = await render('manage', {
      ...data,
      allCategories: true,
      confirmUrl: null,
    });
    expect(text).toContain('every category, weekly.');
    expect(text).toContain(data.preferencesUrl);
    expect(text).toContain(data.unsubscribeUrl);
    expect(html).toContain('Change preferences');
  });

  it('fails loudly on a missing field, a missing template or a bad name', async () => {
    await expect(render('confirm', { siteName: 'x' })).rejects.toThrow(/not defined/);
    await expect(render('no-such-template', data)).rejects.toThrow(/ENOENT/);
    await expect(render('../package', data)).rejects.toThrow(/bad name/);
  });

  it('refuses invalid MJML rather than send it half-rendered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gazette-templates-'));
    try {
      writeFileSync(join(dir, 'broken.mjml'), '<mjml><mj-body><mj-nonsense/></mj-body></mjml>');
      writeFileSync(join(dir, 'broken.txt'), 'text');
      await expect(createTemplateRenderer(dir)('broken', {})).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
