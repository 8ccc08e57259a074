import { describe, expect, it } from 'vitest';
import { axisTicks, barChart, chartTable, lineChart } from '../../src/console/pages/charts.js';

describe('console charts', () => {
  const labels = ['11-01', '11-02', '11-03'];
  const series = [
    { name: 'Sent', values: [3, 0, 7] },
    { name: 'Failed <b>', values: [1, 2, 0] },
  ];

  it('draws one bar per value, told apart by pattern, with an accessible name', () => {
    const svg = barChart('c1', 'Digests & more', labels, series).value;
    expect(svg.match(/<rect x=/g)?.length).toBe(6 + 2); // bars and legend keys
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="c1-title c1-desc"');
    expect(svg).toContain('<title id="c1-title">Digests &amp; more</title>');
    expect(svg).toContain('fill="url(#c1-hatch)"');
    expect(svg).toContain('<pattern id="c1-hatch"');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('Sent: 10 in total');
  });

  it('draws a line with a point per value, and gives the numbers as a table', () => {
    const svg = lineChart('c2', 'Growth', labels, [
      { name: 'Subscribers', values: [1, 2, 4] },
    ]).value;
    expect(svg.match(/<circle [^>]*r="2.5"/g)?.length).toBe(3);
    const table = chartTable('Growth', labels, series).value;
    expect(table).toContain('<th scope="row">11-03</th><td class="n">7</td><td class="n">0</td>');
    expect(table).toContain('Failed &lt;b&gt;');
  });

  it('labels every day it plots, the last one too, under its own bar', () => {
    const days = Array.from({ length: 14 }, (_, i) => `12-${String(i + 1).padStart(2, '0')}`);
    const svg = barChart('c3', 'Two weeks', days, [
      { name: 'Sent', values: days.map(() => 1) },
    ]).value;
    const labels = [...svg.matchAll(/<text x="([\d.]+)"[^>]*text-anchor="middle">([^<]+)</g)];
    expect(labels.map((m) => m[2])).toEqual(days);
    const bars = /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*stroke-width="0.5">/g;
    const lastBar = [...svg.matchAll(bars)].at(-1);
    const lastLabelX = Number(labels.at(-1)?.[1]);
    expect(lastLabelX).toBeGreaterThan(Number(lastBar?.[1]));
    expect(lastLabelX).toBeLessThan(Number(lastBar?.[1]) + Number(lastBar?.[2]) + 1);
  });

  it('ticks its axis at round values', () => {
    expect(axisTicks(5)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(axisTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(axisTicks(0)).toEqual([0, 1]);
    expect(axisTicks(1234)).toEqual([0, 500, 1000, 1500]);
    const svg = lineChart('c4', 'Growth', ['a', 'b'], [{ name: 'n', values: [3, 5] }]).value;
    const ticks = [...svg.matchAll(/text-anchor="end">(\d+)</g)].map((m) => Number(m[1]));
    expect(ticks).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
