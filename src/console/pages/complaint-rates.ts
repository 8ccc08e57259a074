import {
  COMPLAINT_LIMIT,
  COMPLAINT_TARGET,
  formatRate,
  type Rates,
  ROLLING_DAYS,
} from '../../complaints/index.js';
import { type Html, html, raw } from '../../http/pages/html.js';

/**
 * Complaint and hard-bounce rates against the mailbox providers' lines: Gmail's 0.1 % target
 * and the 0.3 % where Gmail, Yahoo and Outlook.com reject or junk bulk mail. Server-rendered
 * SVG like the other charts (no script), with a table of every number beside it.
 */
const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 16, right: 90, bottom: 40, left: 52 };

export interface RunRates {
  id: string;
  rates: Rates;
}

export function complaintRatesSection(rolling: Rates, runs: RunRates[]): Html {
  const over = (rate: number | null) =>
    rate === null
      ? ''
      : rate > COMPLAINT_LIMIT
        ? ' (over 0.3 %)'
        : rate > COMPLAINT_TARGET
          ? ' (over 0.1 %)'
          : '';
  const rows = [{ id: `last ${ROLLING_DAYS} days`, rates: rolling }, ...runs];
  return html`<section aria-labelledby="complaints"><h2 id="complaints">Complaints and bounces</h2>
<p id="rolling-rates">Last ${ROLLING_DAYS} days: complaint rate <b>${formatRate(rolling.complaintRate)}</b>${over(rolling.complaintRate)}, hard-bounce rate <b>${formatRate(rolling.bounceRate)}</b>, of ${rolling.delivered} delivered. Gmail asks for under 0.1 % of complaints; at 0.3 % Gmail, Yahoo and Outlook.com reject or junk bulk mail.</p>
${runs.length > 0 ? rateChart(runs) : ''}
<div class="scroll"><table id="rates-table"><caption>Complaint and hard-bounce rates, over the last ${ROLLING_DAYS} days and per run</caption>
<thead><tr><th scope="col">Over</th><th scope="col" class="n">Delivered</th><th scope="col" class="n">Complaints</th><th scope="col" class="n">Complaint rate</th><th scope="col" class="n">Hard bounces</th><th scope="col" class="n">Bounce rate</th></tr></thead>
<tbody>${rows.map(({ id, rates }) => html`<tr><td>${id.startsWith('last') ? id : html`<a href="/console/runs/${id}">${id}</a>`}</td><td class="n">${rates.delivered}</td><td class="n">${rates.complaints}</td><td class="n">${formatRate(rates.complaintRate)}</td><td class="n">${rates.hardBounces}</td><td class="n">${formatRate(rates.bounceRate)}</td></tr>`)}</tbody></table></div>
</section>`;
}

/** Two bars a run (complaints solid, bounces hatched), and the 0.1 % and 0.3 % lines across. */
function rateChart(runs: RunRates[]): Html {
  const id = 'chart-rates';
  const values = runs.flatMap((r) => [r.rates.complaintRate ?? 0, r.rates.bounceRate ?? 0]);
  // The 0.3 % line always shows; a larger rate widens the scale.
  const max = Math.max(COMPLAINT_LIMIT * 1.5, ...values);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const y = (rate: number) => PAD.top + plotH - (rate / max) * plotH;
  const group = plotW / runs.length;
  const bar = Math.max(2, group * 0.35);
  const bars = runs.flatMap((r, i) =>
    (['complaintRate', 'bounceRate'] as const).map((key, j) => {
      const value = r.rates[key] ?? 0;
      const x = PAD.left + i * group + group * 0.15 + j * bar;
      const fill = j === 0 ? 'currentColor' : `url(#${id}-hatch)`;
      const label = `${r.id}: ${key === 'complaintRate' ? 'complaints' : 'hard bounces'} ${formatRate(r.rates[key])}`;
      return `<rect x="${x.toFixed(1)}" y="${y(value).toFixed(1)}" width="${(bar - 1).toFixed(1)}" height="${(PAD.top + plotH - y(value)).toFixed(1)}" fill="${fill}" stroke="currentColor" stroke-width="0.5"><title>${escapeXml(label)}</title></rect>`;
    }),
  );
  const line = (rate: number, text: string, dash: string) =>
    `<line class="threshold" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(rate).toFixed(1)}" y2="${y(rate).toFixed(1)}" stroke="currentColor" stroke-width="1.5" stroke-dasharray="${dash}"/><text x="${WIDTH - PAD.right + 6}" y="${(y(rate) + 4).toFixed(1)}">${text}</text>`;
  return html`<svg class="chart" id="${id}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">Complaint and hard-bounce rates of the last runs, against the 0.1 % and 0.3 % lines</title><desc id="${id}-desc">${runs.map((r) => `${r.id}: complaints ${formatRate(r.rates.complaintRate)}, hard bounces ${formatRate(r.rates.bounceRate)}`).join('; ')}. The table below gives every value.</desc>
${raw(`<defs><pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" stroke-width="3"/></pattern></defs>`)}
${raw(`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}" stroke="currentColor" stroke-opacity="0.4"/>`)}
${raw(bars.join(''))}
${raw(line(COMPLAINT_TARGET, '0.1 % (Gmail)', '6 4'))}
${raw(line(COMPLAINT_LIMIT, '0.3 % (limit)', '2 3'))}
${raw(`<rect x="${PAD.left}" y="${HEIGHT - 14}" width="12" height="12" fill="currentColor"/><text x="${PAD.left + 18}" y="${HEIGHT - 3}">Complaints</text><rect x="${PAD.left + 130}" y="${HEIGHT - 14}" width="12" height="12" fill="url(#${id}-hatch)" stroke="currentColor"/><text x="${PAD.left + 148}" y="${HEIGHT - 3}">Hard bounces</text>`)}
</svg>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
