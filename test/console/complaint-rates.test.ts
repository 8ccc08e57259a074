import { describe, expect, it } from 'vitest';
import {
  createComplaintStore,
  createDeliveryLookup,
  createGuardStore,
} from '../../src/store/index.js';
import { freshConsoleApp, signIn } from '../helpers/console-app.js';
import { databases } from '../helpers/db.js';
import { planTestRun, seedSubscribers } from '../helpers/send-fixtures.js';

/**
 * The dashboard's complaint and bounce rates against the 0.1 % and 0.3 % lines, a run the guard
 * holds under "Needs a person" with its reason, and a complained subscriber's page.
 */
describe.each(databases)('complaints in the console on $name', ({ create }) => {
  const fixture = freshConsoleApp(create);

  it('shows both rates against the lines, the held run and the complaint', async () => {
    const { db } = fixture.database;
    await seedSubscribers(db, 40);
    const run = await planTestRun(db, ['a1']);
    await db.kysely
      .updateTable('deliveries')
      .set({ status: 'sent', sent_at: Date.now() })
      .where('run_id', '=', run.id)
      .execute();
    await db.kysely
      .updateTable('send_runs')
      .set({ status: 'done', started_at: Date.now(), finished_at: Date.now() })
      .where('id', '=', run.id)
      .execute();
    const lookup = createDeliveryLookup(db);
    const delivery = await lookup.inRun(run.id, 'user7@example.org');
    if (!delivery) throw new Error('no delivery');
    await createComplaintStore(db).recordComplaint(
      { delivery, source: 'sendgrid', feedbackType: 'abuse', reporter: null },
      new Date(),
    );
    await createGuardStore(db).holdRun(
      run.id,
      'complaint rate 2.50 % (1 of 40 delivered)',
      new Date(),
    );

    const { cookie } = await signIn(fixture.gazette.app);
    const get = (path: string) =>
      fixture.gazette.app.request(`http://127.0.0.1${path}`, { headers: { cookie } });
    const text = await (await get('/console/')).text();
    expect(text).toMatch(
      /id="rolling-rates">Last 7 days: complaint rate <b>2\.5 %<\/b> \(over 0\.3 %\)/,
    );
    expect(text).toMatch(/<svg class="chart" id="chart-rates"[^>]*role="img"/);
    expect(text.match(/<line class="threshold"/g)).toHaveLength(2);
    expect(text).toContain('0.1 % (Gmail)');
    expect(text).toContain('0.3 % (limit)');
    expect(text).toContain("over Gmail's 0.1 %");
    expect(text).toContain(
      `${run.id}</a> is paused by the complaint-rate guard (complaint rate 2.50 % (1 of 40 delivered))`,
    );
    const runPage = await (await get(`/console/runs/${run.id}`)).text();
    expect(runPage).toMatch(/id="pause-reason">Paused by the complaint-rate guard/);
    const subscriber = await (await get(`/console/subscribers/${delivery.subscriberId}`)).text();
    expect(subscriber).toMatch(/Complained \(reported as spam\)<\/th><td>[^<]+, through sendgrid/);
    const filtered = await (await get('/console/subscribers?status=complained')).text();
    expect(filtered).toContain('user7@example.org');
    expect(filtered).not.toContain('user8@example.org');
  });
});
