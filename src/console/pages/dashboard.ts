import type { Hono } from 'hono';
import { COMPLAINT_TARGET, formatRate, ratesOf, rollingRates } from '../../complaints/index.js';
import type { SiteState } from '../../http/index.js';
import { type Html, html } from '../../http/pages/html.js';
import { parseCron, slotsBetween } from '../../schedule/index.js';
import { barChart, chartTable, lineChart } from './charts.js';
import { complaintRatesSection } from './complaint-rates.js';
import { type ConsoleContext, page } from './guard.js';
import { consolePage, when } from './view.js';

const DAYS = 14;
const DAY_MS = 86_400_000;
/**
 * An unfinished run that no worker (of any process) has heartbeated for this long, and that is
 * older than this, is stuck: it needs a person to resume or cancel it.
 */
const STUCK_MS = 5 * 60_000;

/** `GET /console/`: how things stand, and what needs a person. */
export function dashboardPage(app: Hono, ctx: ConsoleContext, site: SiteState): void {
  const { services, config } = ctx;
  app.get('/console', (c) => c.redirect('/console/', 301));
  app.get(
    '/console/',
    page(ctx, async (c, session) => {
      const now = services.clock();
      const since = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - (DAYS - 1) * DAY_MS);
      const days = Array.from({ length: DAYS }, (_, i) => new Date(since.getTime() + i * DAY_MS));
      const labels = days.map((d) => d.toISOString().slice(5, 10));
      const store = await services.deliveries();
      // Independent reads: on PostgreSQL they run side by side.
      const [byStatus, signups, before, perDay, runs, rolling] = await Promise.all([
        services.queries.subscribersByStatus(),
        services.queries.signupsPerDay(since),
        services.queries.subscribersBefore(since),
        services.queries.deliveriesPerDay(since),
        store.listRuns(10),
        rollingRates(services.rates, now),
      ]);
      const runRates = await Promise.all(
        runs
          .filter((r) => r.kind === 'digest' && r.startedAt)
          .slice(0, 8)
          .reverse()
          .map(async (r) => ({ id: r.id, rates: ratesOf(await services.rates.runTotals(r.id)) })),
      );
      let total = before;
      const growth = days.map((d) => {
        total += signups.find((s) => s.day.getTime() === d.getTime())?.count ?? 0;
        return total;
      });
      const series = (key: 'sent' | 'failed' | 'bounced') =>
        days.map((d) => perDay.find((p) => p.day.getTime() === d.getTime())?.[key] ?? 0);
      const sendSeries = [
        { name: 'Sent', values: series('sent') },
        { name: 'Failed', values: series('failed') },
        { name: 'Bounced', values: series('bounced') },
      ];
      const rates = await Promise.all(
        runs
          .filter((r) => r.status === 'done' && r.kind === 'digest')
          .slice(0, 5)
          .map(async (r) => ({ run: r, ...(await services.queries.runLosses(r.id, r.createdAt)) })),
      );
      const problems: Html[] = [];
      for (const p of site.current().problems)
        problems.push(
          html`<li>Article file <code>${p.path}</code> line ${p.line}: ${p.reason}</li>`,
        );
      for (const check of await services.doctor().catch(() => [])) {
        if (!check.ok) problems.push(html`<li>Check ${check.name} fails: ${check.detail}</li>`);
      }
      if (rolling.complaintRate !== null && rolling.complaintRate > COMPLAINT_TARGET) {
        problems.push(
          html`<li>The complaint rate of the last 7 days is ${formatRate(rolling.complaintRate)}, over Gmail's 0.1 %: see <a href="#complaints">Complaints and bounces</a>.</li>`,
        );
      }
      for (const r of runs) {
        if (r.pausedAt) {
          const why = r.pauseReason ? html` by the complaint-rate guard (${r.pauseReason})` : '';
          const until = r.finishedAt ? 'resumed' : 'resumed or cancelled';
          problems.push(
            html`<li>Run <a href="/console/runs/${r.id}">${r.id}</a> is paused${why} since ${when(r.pausedAt, config.timezone)}; no ${r.frequency} digest is sent until it is ${until}.</li>`,
          );
          continue;
        }
        if (r.status === 'throttled')
          problems.push(
            html`<li>Run <a href="/console/runs/${r.id}">${r.id}</a> is throttled.</li>`,
          );
        if (r.status === 'failed')
          problems.push(
            html`<li>Run <a href="/console/runs/${r.id}">${r.id}</a> failed: ${r.lastError ?? ''}</li>`,
          );
        const quiet =
          ['sending', 'planned'].includes(r.status) &&
          now.getTime() - (r.startedAt ?? r.createdAt).getTime() > STUCK_MS &&
          (await services.queries.liveWorkers(r.id, new Date(now.getTime() - STUCK_MS))) === 0;
        if (quiet)
          problems.push(
            html`<li>Run <a href="/console/runs/${r.id}">${r.id}</a> is ${r.status} with no worker: resume or cancel it.</li>`,
          );
      }
      const published = site.published();
      const body = html`<section aria-labelledby="needs"><h2 id="needs">Needs a person</h2>
${problems.length > 0 ? html`<ul class="problems" id="problems">${problems}</ul>` : html`<p id="problems">Nothing.</p>`}
</section>
<section aria-labelledby="subs"><h2 id="subs">Subscribers</h2>
<div class="cards">${(['confirmed', 'pending', 'unsubscribed', 'bounced', 'complained'] as const).map((s) => html`<div class="card"><b>${byStatus[s]}</b>${s}</div>`)}</div>
${lineChart('chart-growth', `Subscribers at the end of each day (UTC), last ${DAYS} days`, labels, [{ name: 'Subscribers', values: growth }])}
${chartTable('Subscribers per day', labels, [{ name: 'Subscribers', values: growth }])}
</section>
<section aria-labelledby="sends"><h2 id="sends">Digests per day</h2>
${barChart('chart-sends', `Digests sent, failed and bounced per day (UTC), last ${DAYS} days`, labels, sendSeries)}
${chartTable('Digests per day', labels, sendSeries)}
</section>
${complaintRatesSection(rolling, runRates)}
<section aria-labelledby="rates"><h2 id="rates">The last runs</h2>
${
  rates.length === 0
    ? html`<p>No finished runs yet.</p>`
    : html`<div class="scroll"><table><caption>Bounce and unsubscribe rates of the last finished runs</caption>
<thead><tr><th scope="col">Run</th><th scope="col" class="n">Sent</th><th scope="col" class="n">Bounce rate</th><th scope="col" class="n">Unsubscribe rate</th></tr></thead>
<tbody>${rates.map(({ run, bounced, unsubscribed }) => html`<tr><td><a href="/console/runs/${run.id}">${run.id}</a></td><td class="n">${run.sent}</td><td class="n">${pct(bounced, run.sent)}</td><td class="n">${pct(unsubscribed, run.sent)}</td></tr>`)}</tbody></table></div>`
}
</section>
<section aria-labelledby="next"><h2 id="next">Next scheduled digests (${config.timezone})</h2>
<ul>${nextSlots(config.dailyCron, config.weeklyCron, config.timezone, now).map((s) => html`<li>${s.kind}: ${when(s.at, config.timezone)}</li>`)}</ul>
</section>
<section aria-labelledby="feeds"><h2 id="feeds">Feeds</h2>
<p>${published.articles.length} articles published in ${published.categories.length} categories; ${published.files.size} feed documents. Last build: ${published.builtAt ? when(published.builtAt, config.timezone) : 'not yet'}.</p>
</section>`;
      return c.html(consolePage({ config, csrf: session.csrf }, 'Dashboard', body));
    }),
  );
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : '–';
}

/**
 * The next daily and weekly slots, computed as the scheduler computes them, from the crons.
 * Walking a week minute by minute in a zone takes a few hundred milliseconds, so the answer is
 * kept until its first slot has passed.
 */
const slotCache = new Map<string, { until: number; slots: { kind: string; at: Date }[] }>();
function nextSlots(daily: string, weekly: string, zone: string, now: Date) {
  const key = `${daily}|${weekly}|${zone}`;
  const cached = slotCache.get(key);
  if (cached && now.getTime() < cached.until) return cached.slots;
  const out: { kind: string; at: Date }[] = [];
  for (const [kind, cron, days] of [
    ['daily', daily, 2],
    ['weekly', weekly, 8],
  ] as const) {
    try {
      const slots = slotsBetween(
        parseCron(cron),
        zone,
        now,
        new Date(now.getTime() + days * DAY_MS),
      );
      for (const at of slots.slice(0, kind === 'daily' ? 2 : 1)) out.push({ kind, at });
    } catch {
      // A bad expression is refused by the config loader; nothing to show here.
    }
  }
  const first = Math.min(...out.map((s) => s.at.getTime()), now.getTime() + DAY_MS);
  slotCache.set(key, { until: first, slots: out });
  return out;
}
