import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestWiring } from '../../src/app/digests.js';
import { loadConfig } from '../../src/config.js';
import { createComposer, joinFilled, type MailMessage } from '../../src/send/index.js';
import { createSqlite, type TestDatabase } from '../helpers/db.js';
import { seedText, writeStore } from '../helpers/store.js';
import { decodeEntities, unmarkedTemplates } from './fixtures.js';

/**
 * Article text and the site name are written by others; a subscriber's links and address are
 * theirs alone. Whatever an article holds (the stand-ins Gazette once used, or the merge tags of
 * other mailers), a message carries the recipient's values only where the template puts them.
 */
const OLD_STAND_INS = [
  'https://slot.invalid/u9q7x',
  'https://slot.invalid/p9q7x',
  'slot9q7x@slot.invalid',
  'Slot9q7xName',
];
const MERGE_TAGS = ['{{email}}', '{{recipient.email}}', '*|UNSUB|*', '*|EMAIL|*', '%%email%%'];
const EXFILTRATE = 'https://evil.example/r?t=https://slot.invalid/p9q7x&who=slot9q7x@slot.invalid';
const TITLE = `Read https://slot.invalid/u9q7x now ${MERGE_TAGS.join(' ')}`;
const BAIT = [EXFILTRATE, ...OLD_STAND_INS, ...MERGE_TAGS].join(' ');
const SITE_NAME = `Slot9q7xName News slot9q7x@slot.invalid {{email}} *|UNSUB|*`;

const now = new Date('2024-06-21T07:00:00Z');

describe.each([
  { built: 'from a layout compiled once', unmarked: false },
  { built: 'per content (a template without block markers)', unmarked: true },
])('per-recipient values in a digest built $built', ({ unmarked }) => {
  let database: TestDatabase;
  let store: Awaited<ReturnType<typeof writeStore>>;
  let templates: Awaited<ReturnType<typeof writeStore>> | undefined;
  let message: MailMessage;
  const delivery = {
    id: 1,
    runId: 'r1',
    subscriberId: 's-attack',
    email: 'victim@example.org',
    name: 'Victim Reader',
    articleIds: ['bait', 'plain'],
    moreCount: 0,
    messageId: 'r1.s-attack@example.org',
    attempts: 0,
  };

  beforeAll(async () => {
    store = await writeStore({
      'bait.txt': seedText({
        file: 'bait.txt',
        category: `Bait ${OLD_STAND_INS[2]}`,
        title: TITLE,
        date: '2024-06-21 09:00',
        byline: `Desk ${OLD_STAND_INS[0]} %%email%%`,
        paragraphs: [BAIT, `A second paragraph: ${BAIT}`],
      }),
      'plain.txt': seedText({
        file: 'plain.txt',
        category: 'Plain',
        title: 'A plain story',
        date: '2024-06-21 08:00',
        paragraphs: ['Nothing to see.'],
      }),
    });
    database = await createSqlite();
    if (unmarked) {
      const { mjml, text } = await unmarkedTemplates();
      templates = await writeStore({ 'digest.mjml': mjml, 'digest.txt': text });
    }
    const config = loadConfig({
      ...(templates ? { GAZETTE_TEMPLATES_DIR: templates.dir } : {}),
      GAZETTE_ARTICLES_DIR: store.dir,
      GAZETTE_SITE_NAME: SITE_NAME,
      GAZETTE_SITE_URL: 'https://news.example.org',
      GAZETTE_SECRET: 'a-test-secret-of-enough-length',
      GAZETTE_TIMEZONE: 'Asia/Shanghai',
    });
    const wiring = await digestWiring(config, database.db, now);
    message = await createComposer({ render: wiring.render, links: wiring.links }).compose(
      delivery,
      now,
    );
  });
  afterAll(async () => {
    await database?.drop();
    await store?.remove();
    await templates?.remove();
  });

  const html = () => joinFilled(message.html);
  const text = () => joinFilled(message.text);
  const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

  it('keeps article text, bylines and the site name as written, stand-ins and merge tags included', () => {
    expect(text()).toContain(EXFILTRATE);
    for (const bait of [...OLD_STAND_INS, ...MERGE_TAGS]) expect(text()).toContain(bait);
    expect(text()).toContain(TITLE);
    expect(text()).toContain(SITE_NAME);
    const shown = decodeEntities(html());
    expect(shown).toContain(EXFILTRATE);
    for (const bait of [...OLD_STAND_INS, ...MERGE_TAGS]) expect(shown).toContain(bait);
    expect(shown).toContain(SITE_NAME);
  });

  it("puts the recipient's address, name and links only where the template does", () => {
    const unsubscribe = message.listUnsubscribe.https;
    const token = new URL(unsubscribe).searchParams.get('token') ?? '';
    expect(token).not.toBe('');
    const preferences = `/preferences?token=`;
    // The footer says who it was sent to; the greeting names them; one link of each kind.
    expect(count(text(), delivery.email)).toBe(1);
    expect(count(html(), delivery.email)).toBe(1);
    expect(count(text(), delivery.name)).toBe(1);
    expect(count(html(), delivery.name)).toBe(1);
    expect(count(text(), unsubscribe)).toBe(1);
    expect(count(html(), unsubscribe.replaceAll('&', '&amp;'))).toBe(1);
    expect(count(text(), preferences)).toBe(1);
    expect(count(html(), preferences)).toBe(1);
    expect(text()).not.toContain('evil.example/r?t=https://news.example.org');
    expect(text()).not.toContain(`who=${delivery.email}`);
  });

  it('writes the subject from the article and site name alone', () => {
    expect(message.subject).toBe(`${SITE_NAME}: ${TITLE} (+1 more)`);
    expect(message.subject).not.toContain('news.example.org');
    expect(message.subject).not.toContain(delivery.email);
  });
});

describe('a renderer that returns finished text', () => {
  it('is given stand-ins no article can hold, and only they are replaced', async () => {
    const articleText = `${BAIT} Reader{{name}} https://stand-in.invalid/x/u`;
    const composer = createComposer({
      render: async (_content, r) => ({
        subject: `News: ${articleText}`,
        html: `<p>${articleText}</p><p>Hi ${r.name}, sent to ${r.email}</p><a href="${r.unsubscribeUrl}">u</a> <a href="${r.preferencesUrl}">p</a>`,
        text: `${articleText}\nHi ${r.name}, sent to ${r.email}\n${r.unsubscribeUrl}\n${r.preferencesUrl}\n`,
      }),
      links: () => ({
        unsubscribe: 'https://news.example.org/unsubscribe?token=u-secret',
        preferences: 'https://news.example.org/preferences?token=p-secret',
      }),
    });
    const delivery = {
      id: 1,
      runId: 'r',
      subscriberId: 's',
      email: 'victim@example.org',
      name: 'Victim',
      articleIds: ['a'],
      moreCount: 0,
      messageId: 'r.s@example.org',
      attempts: 0,
    };
    for (const n of [1, 2]) {
      const message = await composer.compose({ ...delivery, id: n }, now);
      const text = joinFilled(message.text);
      expect(message.subject).toBe(`News: ${articleText}`);
      expect(text).toBe(
        `${articleText}\nHi Victim, sent to victim@example.org\nhttps://news.example.org/unsubscribe?token=u-secret\nhttps://news.example.org/preferences?token=p-secret\n`,
      );
      expect(joinFilled(message.html)).toContain(`<p>${articleText}</p><p>Hi Victim,`);
    }
  });
});
