import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveSite } from '../../src/app/index.js';
import { loadConfig } from '../../src/config.js';
import { createMetrics } from '../../src/http/index.js';
import { createLogger } from '../../src/log.js';
import { seedText, writeStore } from '../helpers/store.js';

const story = (title: string) =>
  seedText({
    file: `${title}.txt`,
    category: 'Biz updates',
    title,
    date: '2024-06-20',
    paragraphs: [`${title} happened.`],
  });

describe('the live site, measured as gazette serve wires it', () => {
  let store: Awaited<ReturnType<typeof writeStore>>;
  afterEach(() => store?.remove());

  it('reads only the reported paths, and counts a build shared by callers once', async () => {
    store = await writeStore({ 'one.txt': story('One') });
    const metrics = createMetrics();
    const config = loadConfig({ GAZETTE_ARTICLES_DIR: store.dir });
    const site = createLiveSite({ config, logger: createLogger('silent'), metrics });
    await site.rebuild();
    await writeFile(join(store.dir, 'two.txt'), story('Two'));
    await writeFile(join(store.dir, 'three.txt'), story('Three'));
    // A watcher reported two.txt only: three.txt waits for a full scan.
    expect((await site.rebuild(['two.txt'])).articles).toBe(2);
    // Three callers at once: one build running, one more after it for the others.
    const reports = await Promise.all([site.rebuild([]), site.rebuild(), site.rebuild()]);
    expect(reports.map((report) => report.articles)).toEqual([2, 3, 3]);
    const builds = (await metrics.feedBuilds.get()).values;
    expect(builds).toEqual([expect.objectContaining({ labels: { result: 'ok' }, value: 4 })]);
    expect((await metrics.feedBuildDuration.get()).values).toContainEqual(
      expect.objectContaining({
        metricName: 'gazette_feed_build_duration_seconds_count',
        value: 4,
      }),
    );
  });
});
