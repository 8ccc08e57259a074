import type { ArticleStore, Category } from '../articles/index.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { DeliveryStore, Mailer, SendDeps } from '../send/index.js';
import type { Db } from '../store/index.js';
import type { SubscriptionService } from '../subscribers/index.js';
import { readArticles } from './articles.js';

/** Gazette's parts, as a command or `gazette serve` asks for them. */
export interface Gazette {
  readonly config: Config;
  readonly logger: Logger;
  /** The article store, read afresh. */
  articles(): Promise<ArticleStore>;
  /** The database, migrated (a SQLite file is created on first use). */
  database(): Promise<Db>;
  /** The digest mailer: SMTP, or `.eml` files in `data/outbox/`. */
  mailer(): Promise<Mailer>;
  /** Send runs and their deliveries. */
  deliveries(): Promise<DeliveryStore>;
  /** Everything a send needs, the articles and templates read now; `extra` overrides. */
  sendDeps(extra?: Partial<SendDeps>): Promise<SendDeps>;
  /** The subscription flow, checking categories against `categories()` when asked. */
  subscriptions(
    categories: () => readonly Category[],
    options?: { resendAfterMs?: number },
  ): Promise<SubscriptionService>;
  /** Closes every part opened, the last first. */
  close(): Promise<void>;
}

/**
 * The composition root: each part built from the configuration when first asked for, its code
 * loaded then too (a command that only reads articles loads no database driver, MJML or SMTP
 * client), and closed together.
 */
export function createGazette(config: Config, logger: Logger): Gazette {
  const opened: (() => unknown)[] = [];
  const onDemand = <T>(open: () => Promise<T>, close: (part: T) => unknown) => {
    let part: Promise<T> | undefined;
    return () =>
      (part ??= open().then((made) => {
        opened.push(() => close(made));
        return made;
      }));
  };
  const database = onDemand(
    async () => (await import('./store.js')).openStore(config),
    (db) => db.close(),
  );
  const mailer = onDemand(
    async () => (await import('./mailer.js')).mailerFor(config, logger),
    (made) => made.close(),
  );
  return {
    config,
    logger,
    articles: () => readArticles(config),
    database,
    mailer,
    deliveries: async () =>
      (await import('../store/index.js')).createDeliveryStore(await database()),
    sendDeps: async (extra = {}) =>
      (await import('./send-deps.js')).sendDepsFor(config, await database(), await mailer(), extra),
    async subscriptions(categories, options = {}) {
      const { openSubscriptions } = await import('./subscriptions.js');
      // Its notices are logged when they go to the outbox folder, as a newcomer reads them there.
      const { service, close } = await openSubscriptions(config, await database(), categories, {
        logger,
        ...options,
      });
      opened.push(close);
      return service;
    },
    async close() {
      for (const close of opened.splice(0).reverse()) await close();
    },
  };
}
