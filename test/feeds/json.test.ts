import { describe, expect, it } from 'vitest';
import { toJsonFeed11 } from '../../src/feeds/index.js';

describe('toJsonFeed11', () => {
  it('turns feed 6 version 1 output into version 1.1', () => {
    const v1 = {
      version: 'https://jsonfeed.org/version/1',
      title: 'T',
      author: { name: 'Site' },
      items: [
        { id: 'a', author: { name: 'Writer' }, content_html: '<p>x</p>' },
        { id: 'b', content_html: '<p>y</p>' },
      ],
    };
    expect(
      toJsonFeed11(v1, { language: 'en', nextUrl: 'https://x/older.json', hub: 'https://h/' }),
    ).toEqual({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'T',
      language: 'en',
      authors: [{ name: 'Site' }],
      next_url: 'https://x/older.json',
      hubs: [{ type: 'WebSub', url: 'https://h/' }],
      items: [
        { id: 'a', authors: [{ name: 'Writer' }], content_html: '<p>x</p>' },
        { id: 'b', content_html: '<p>y</p>' },
      ],
    });
  });

  it('adds no paging or hub fields it was not given', () => {
    const out = toJsonFeed11({ version: '1', items: [] }, { language: 'zh-CN' });
    expect(out).toEqual({
      version: 'https://jsonfeed.org/version/1.1',
      language: 'zh-CN',
      items: [],
    });
  });
});
