import { describe, expect, it } from 'vitest';
import { barChart, chartTable, lineChart } from '../../src/console/pages/charts.js';

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
});
