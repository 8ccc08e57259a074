import type { Hono } from 'hono';
import { openSubscriptions } from '../../src/app/index.js';
import type { Category } from '../../src/articles/index.js';
import { loadConfig } from '../../src/config.js';
import { createApp } from '../../src/http/index.js';
import { createLogger } from '../../src/log.js';
import type { Db } from '../../src/store/index.js';
import { createTokens, type Tokens } from '../../src/subscribers/index.js';
import { staticSite } from './site.js';

export const SECRET = 'test secret of at least sixteen characters';
export const SITE_URL = 'http://gazette.test';
export const CATEGORIES: Category[] = [
  { name: 'Biz updates', slug: 'biz-updates' },
  { name: 'Industrial Parks', slug: 'industrial-parks' },
];

export interface SubscriptionApp {
  app: Hono;
  tokens: Tokens;
  close(): void;
}

/** The app as `gazette serve` builds it, on `db`, sending through `smtpUrl`. */
export async function subscriptionApp(
  db: Db,
  smtpUrl: string,
  env: Record<string, string> = {},
): Promise<SubscriptionApp> {
  const config = loadConfig({
    GAZETTE_SECRET: SECRET,
    GAZETTE_SITE_URL: SITE_URL,
    GAZETTE_SMTP_URL: smtpUrl,
    GAZETTE_SITE_NAME: 'Gazette Test',
    GAZETTE_FROM: 'Gazette Test <news@gazette.test>',
    GAZETTE_SUBSCRIBE_RATE: '1000',
    ...env,
  });
  const store = { articles: [], categories: CATEGORIES, problems: [] };
  const subscriptions = await openSubscriptions(config, db, () => CATEGORIES, {
    resendAfterMs: 0,
  });
  const app = createApp({
    config,
    logger: createLogger('silent'),
    site: staticSite(store),
    subscriptions: subscriptions.service,
  });
  return { app, tokens: createTokens(SECRET), close: subscriptions.close };
}

/** The first link in a message's text that starts with `prefix`. */
export function linkIn(text: string | undefined, prefix: string): string {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}\\S+`).exec(text ?? '');
  if (!match) throw new Error(`no link starting ${prefix} in:\n${text}`);
  return match[0];
}
