import { type Article, publishedAt } from '../articles/index.js';
import { ROLLING_DAYS } from '../complaints/index.js';
import type { Config } from '../config.js';
import type { DoctorCheck } from '../console/index.js';
import { selectDigest } from '../digest/index.js';
import {
  type DkimSetting,
  type DoctorInput,
  type DoctorReport,
  type Probe,
  probeOneClick,
  probeSmtp,
  runChecks,
} from '../doctor/index.js';
import { buildMime, type MimeOptions } from '../mail/index.js';
import { createComposer } from '../send/index.js';
import { createGuardStore, type Db } from '../store/index.js';
import { readArticles } from './articles.js';
import { addressWiring, digestRendererFor } from './digests.js';
import { dmarcFromDns } from './doctor-dns.js';
import { dkimOptionsFor, mailDomainOf, mimeOptionsFor } from './mailer.js';
import { resolveSecret } from './secret.js';

/** A subscriber id that names nobody: the sample's links, POSTed, unsubscribe no one. */
const SAMPLE_SUBSCRIBER = 'doctor-sample';

export interface PreSendOptions {
  /** For the complaint rate of the last seven days; without it, that check is left out. */
  db?: Db;
  /** The resolvers to ask (`host:port`); default: the system's. */
  dnsServers?: string[];
}

/**
 * The pre-send check of `gazette doctor` and of every send run: a sample digest built by the
 * real renderer and MIME builder, the SMTP relay and the one-click URL asked, DMARC looked up
 * in DNS (when it answers), the complaint rate read, then `runChecks`.
 */
export async function preSendCheck(
  config: Config,
  now = new Date(),
  options: PreSendOptions = {},
): Promise<DoctorReport> {
  return runChecks(await doctorInput(config, now, options));
}

const DASHBOARD_CACHE_MS = 5 * 60_000;

/**
 * The pre-send checks for the console's dashboard. They render a digest and probe the SMTP
 * server and the one-click URL, so a dashboard load reuses an answer up to five minutes old.
 */
export function dashboardChecks(config: Config, db: Db): () => Promise<DoctorCheck[]> {
  let last: { at: number; checks: Promise<DoctorCheck[]> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > DASHBOARD_CACHE_MS) {
      const checks = preSendCheck(config, new Date(), { db }).then((report) => [
        ...report.failures.map((f) => ({ name: f.check, ok: false, detail: f.message })),
        ...report.passes.map((f) => ({ name: f.check, ok: true, detail: f.message })),
      ]);
      checks.catch(() => {
        last = undefined;
      });
      last = { at: Date.now(), checks };
    }
    return last.checks;
  };
}

async function doctorInput(
  config: Config,
  now: Date,
  options: PreSendOptions,
): Promise<DoctorInput> {
  const dkim = await dkimSetting(config);
  let sample: DoctorInput['sample'];
  let url: string | undefined;
  let layout: DoctorInput['layout'];
  try {
    const built = await sampleMessage(config, dkim, now);
    sample = { raw: built.raw };
    url = built.url;
    layout = built.layout;
  } catch (error) {
    sample = { error: error instanceof Error ? error.message : String(error) };
  }
  const notAsked: Probe = { skipped: 'no one-click URL in the message' };
  const fromDomain = config.fromEmail.split('@').at(-1)?.toLowerCase() ?? '';
  const since = new Date(now.getTime() - ROLLING_DAYS * 86_400_000);
  const [smtp, oneClickEmpty, oneClickBody, dns, totals] = await Promise.all([
    probeSmtp(config.smtpUrl),
    url ? probeOneClick(url, '') : notAsked,
    url ? probeOneClick(url, 'List-Unsubscribe=One-Click') : notAsked,
    dmarcFromDns(fromDomain, config.dkimDomain, options.dnsServers),
    options.db ? createGuardStore(options.db).totalsSince(since) : undefined,
  ]);
  return {
    fromAddress: config.fromEmail,
    mailDomain: mailDomainOf(config),
    siteUrl: config.siteUrl,
    ...(dkim ? { dkim } : {}),
    sample,
    ...(layout ? { layout } : {}),
    ...(config.smtpUrl ? { relayHost: new URL(config.smtpUrl).hostname } : {}),
    inbound: config.inboundSmtpPort !== undefined,
    probes: { smtp, oneClickEmpty, oneClickBody },
    dns,
    ...(totals ? { complaints: totals } : {}),
  };
}

/** The DKIM settings as a send reads them, or why the key could not be read. */
async function dkimSetting(config: Config): Promise<DkimSetting | undefined> {
  try {
    return await dkimOptionsFor(config);
  } catch (error) {
    const { dkimDomain: domain = '', dkimSelector: selector = '', dkimKey } = config;
    return { domain, selector, readError: `${dkimKey}: ${(error as Error).message}` };
  }
}

/**
 * The largest digest a run could send now (every category, up to GAZETTE_DIGEST_MAX_ITEMS), to
 * a subscriber with a name, as raw MIME with the DKIM signature. Reads, never writes.
 */
async function sampleMessage(config: Config, dkim: DkimSetting | undefined, now: Date) {
  const store = await readArticles(config);
  const published = publishedAt(store.articles, now);
  const articles = published.length > 0 ? published : [placeholderArticle(now)];
  const selection = selectDigest({
    articles,
    firstSeen: new Map(),
    subscriber: { categories: [], lastDigestAt: new Date(0), sentArticleIds: new Set() },
    now,
    firstDigestItems: config.firstDigestItems,
    maxItems: config.digestMaxItems,
  });
  if (!selection) throw new Error('no article to put in a sample digest');
  const renderer = await digestRendererFor(config);
  const { links, bounceAddress } = addressWiring(config, await resolveSecret(config));
  const composer = createComposer({
    render: () => renderer.layOut(selection),
    links,
    bounceAddress,
  });
  const message = await composer.compose(
    {
      id: 0,
      runId: 'doctor',
      subscriberId: SAMPLE_SUBSCRIBER,
      email: `reader@${mailDomainOf(config)}`,
      name: 'Sample Reader',
      articleIds: selection.articles.map((a) => a.id),
      moreCount: selection.moreCount,
      messageId: `doctor.sample@${mailDomainOf(config)}`,
      attempts: 0,
    },
    now,
  );
  // A key that does not load is the check's finding; the sample is then built unsigned.
  const { privateKeyPem } = dkim ?? {};
  let options: MimeOptions;
  try {
    options = mimeOptionsFor(
      config,
      dkim && privateKeyPem ? { ...dkim, privateKeyPem } : undefined,
    );
  } catch {
    options = mimeOptionsFor(config, undefined);
  }
  return {
    raw: buildMime(message, options),
    url: message.listUnsubscribe.https,
    layout: await renderer.mode(),
  };
}

/** An empty store still gets its template and headers checked. */
function placeholderArticle(now: Date): Article {
  const text = 'A sample paragraph standing in for an article.';
  return {
    id: 'doctor-sample',
    slug: 'doctor-sample',
    title: 'Sample article',
    category: { name: 'Sample', slug: 'sample' },
    date: now,
    byline: '',
    paragraphs: [text],
    bodyHtml: `<p>${text}</p>`,
    summary: text,
    related: [],
    sourcePath: 'doctor-sample.txt',
  };
}
