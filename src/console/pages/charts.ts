import { type Html, html, raw } from '../../http/pages/html.js';

/**
 * Charts as server-rendered SVG: no script, no CDN. Series differ by pattern (solid, hatched,
 * dotted) as well as by shade, so they read without colour; every chart has a title and a
 * description for screen readers, and the page puts its numbers in a table beside it.
 */

export interface Series {
  name: string;
  values: number[];
}

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { top: 16, right: 12, bottom: 40, left: 48 };
/** Fills by series; pattern ids carry the chart's id, so two charts on a page never share one. */
const fills = (id: string) => ['currentColor', `url(#${id}-hatch)`, `url(#${id}-dots)`];

const defs = (id: string) =>
  raw(`<defs>
<pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="none"/><line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" stroke-width="3"/></pattern>
<pattern id="${id}-dots" width="5" height="5" patternUnits="userSpaceOnUse"><circle cx="2.5" cy="2.5" r="1.4" fill="currentColor"/></pattern>
</defs>`);

/** Grouped bars: one group per label, one bar per series. */
export function barChart(id: string, title: string, labels: string[], series: Series[]): Html {
  const max = niceMax(Math.max(2, ...series.flatMap((s) => s.values)));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const group = plotW / Math.max(1, labels.length);
  const bar = Math.max(1, (group * 0.8) / Math.max(1, series.length));
  const bars = labels.flatMap((_, i) =>
    series.map((s, j) => {
      const value = s.values[i] ?? 0;
      const h = (value / max) * plotH;
      const x = PAD.left + i * group + group * 0.1 + j * bar;
      return raw(
        `<rect x="${x.toFixed(1)}" y="${(PAD.top + plotH - h).toFixed(1)}" width="${(bar - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${fills(id)[j % 3]}" stroke="currentColor" stroke-width="0.5"><title>${escapeXml(`${s.name}, ${labels[i]}: ${value}`)}</title></rect>`,
      );
    }),
  );
  return frame(id, title, series, max, labels, group, bars);
}

/** A line (with points) per series over the labels: growth over time. */
export function lineChart(id: string, title: string, labels: string[], series: Series[]): Html {
  const max = niceMax(Math.max(2, ...series.flatMap((s) => s.values)));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const group = plotW / Math.max(1, labels.length);
  const dashes = ['', '6 4', '2 3'];
  const lines = series.map((s, j) => {
    const points = s.values.map((v, i) => [
      PAD.left + i * group + group / 2,
      PAD.top + plotH - (v / max) * plotH,
    ]);
    const path = points.map(([x, y]) => `${x?.toFixed(1)},${y?.toFixed(1)}`).join(' ');
    const marks = points
      .map(
        ([x, y]) =>
          `<circle cx="${x?.toFixed(1)}" cy="${y?.toFixed(1)}" r="2.5" fill="currentColor"/>`,
      )
      .join('');
    return raw(
      `<polyline points="${path}" fill="none" stroke="currentColor" stroke-width="2" stroke-dasharray="${dashes[j % dashes.length]}"/>${marks}`,
    );
  });
  return frame(id, title, series, max, labels, group, lines);
}

function frame(
  id: string,
  title: string,
  series: Series[],
  max: number,
  labels: string[],
  group: number,
  marks: Html[],
): Html {
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const ticks = [0, 0.5, 1].map((f) => {
    const y = PAD.top + plotH - f * plotH;
    return raw(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y}" y2="${y}" stroke="currentColor" stroke-opacity="0.25"/><text x="${PAD.left - 6}" y="${y + 4}" text-anchor="end">${Math.round(max * f)}</text>`,
    );
  });
  // Label every nth group so that labels never overlap.
  const every = Math.max(1, Math.ceil(labels.length / 8));
  const xLabels = labels.map((label, i) =>
    i % every === 0
      ? raw(
          `<text x="${(PAD.left + i * group + group / 2).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${escapeXml(label)}</text>`,
        )
      : '',
  );
  const legend = series.map((s, j) =>
    raw(
      `<rect x="${PAD.left + j * 150}" y="${HEIGHT - 14}" width="12" height="12" fill="${fills(id)[j % 3]}" stroke="currentColor"/><text x="${PAD.left + j * 150 + 18}" y="${HEIGHT - 3}">${escapeXml(s.name)}</text>`,
    ),
  );
  const desc = series
    .map((s) => `${s.name}: ${s.values.reduce((a, b) => a + b, 0)} in total`)
    .join('; ');
  return html`<svg class="chart" id="${id}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">${title}</title><desc id="${id}-desc">${desc}. The table below gives every value.</desc>
${defs(id)}${ticks}${marks}${xLabels}${legend}
</svg>`;
}

/** 1, 2 or 5 times a power of ten, at least `value`: round axis labels. */
function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The numbers of a chart as a table: the same data, for reading and for screen readers. */
export function chartTable(caption: string, labels: string[], series: Series[]): Html {
  return html`<details><summary>${caption} as a table</summary><div class="scroll"><table>
<caption>${caption}</caption>
<thead><tr><th scope="col">Day</th>${series.map((s) => html`<th scope="col" class="n">${s.name}</th>`)}</tr></thead>
<tbody>${labels.map((label, i) => html`<tr><th scope="row">${label}</th>${series.map((s) => html`<td class="n">${s.values[i] ?? 0}</td>`)}</tr>`)}</tbody>
</table></div></details>`;
}
