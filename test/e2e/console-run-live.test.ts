/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { createDeliveryStore } from '../../src/store/index.js';
import { CHROMIUM, servedInChromium } from '../helpers/browser.js';
import { consoleApp, signIn } from '../helpers/console-app.js';
import { planTestRun, seedSubscribers } from '../helpers/send-fixtures.js';
import { hasTool } from '../helpers/tools.js';

describe.runIf(hasTool(CHROMIUM, 'chromium'))('a run page left open', () => {
  const served = servedInChromium(consoleApp, (db) => seedSubscribers(db, 3));

  it('drops the actions that no longer apply once the run is closed elsewhere', async () => {
    const { db } = served.database;
    const article = served.gazette.site.current().articles[0]?.id ?? '';
    const run = await planTestRun(db, [article]);
    const { cookie } = await signIn(served.gazette.app);
    const context = await served.browser.newContext();
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name: name ?? '', value: value ?? '', url: served.base }]);
    const page = await context.newPage();
    await page.goto(`${served.base}/console/runs/${run.id}`);
    const shown = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-action]')]
          .filter((link) => !link.hidden)
          .map((link) => link.dataset.action),
      );
    // Planned, with nobody on it: it can be paused, resumed or cancelled.
    expect(await shown()).toEqual(['pause', 'resume', 'cancel']);

    // Another operator cancels it (the CLI, another tab): this page follows.
    await createDeliveryStore(db).cancelRun(run.id, new Date());
    await page.waitForFunction(
      () => document.getElementById('run-status')?.textContent === 'cancelled',
    );
    expect(await shown()).toEqual([]);

    // A stale link to an action answers with what happened, not a bare 404.
    const stale = await page.goto(`${served.base}/console/runs/${run.id}/confirm?action=pause`);
    expect(stale?.status()).toBe(409);
    expect(await page.textContent('main')).toContain('Pause no longer applies to it');
    await context.close();
  });
});
