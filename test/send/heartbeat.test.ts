import { describe, expect, it } from 'vitest';
import { type DeliveryStore, send } from '../../src/send/index.js';
import { createDeliveryStore } from '../../src/store/index.js';
import { databases } from '../helpers/db.js';
import { freshDatabaseAndSmtp, sendDeps, sendRequest } from '../helpers/send-deps.js';
import { seedSubscribers } from '../helpers/send-fixtures.js';

describe.each(databases)('a worker that loses the database for a moment on $name', ({ create }) => {
  const fixture = freshDatabaseAndSmtp(create);

  it('reports a failed heartbeat and a failed sweep once each, and finishes the run', async () => {
    await seedSubscribers(fixture.test.db, 3);
    const real = createDeliveryStore(fixture.test.db);
    let heartbeats = 0;
    let sweeps = 0;
    // The first heartbeat fails; so does the sweep after the second (the first is at the start).
    const store: DeliveryStore = {
      ...real,
      async heartbeat(worker, now) {
        if (++heartbeats === 1) throw new Error('database away');
        return real.heartbeat(worker, now);
      },
      async sweep(runId, now, deadAfterMs) {
        if (++sweeps === 2) throw new Error('database away');
        return real.sweep(runId, now, deadAfterMs);
      },
    };
    const warnings: { message: string; err: unknown }[] = [];
    const logger = {
      warn: (details: Record<string, unknown>, message: string) =>
        warnings.push({ message, err: details.err }),
    };
    const said = (text: string) => warnings.filter((w) => w.message.includes(text));
    // The server is down until both were reported: the run cannot end before its heartbeats.
    fixture.smtp.setFault(() =>
      said('heartbeat failed').length > 0 && said('sweeping dead workers failed').length > 0
        ? undefined
        : 'drop',
    );
    const deps = sendDeps(fixture.test, fixture.smtp, { store, logger, heartbeatMs: 10 });
    try {
      const [run] = await send(deps, sendRequest);
      expect(run).toMatchObject({ status: 'done', sent: 3 });
    } finally {
      await deps.close();
    }
    expect(said('heartbeat failed')).toHaveLength(1);
    expect(said('sweeping dead workers failed')).toHaveLength(1);
    expect(warnings.map((w) => (w.err as Error).message)).toEqual([
      'database away',
      'database away',
    ]);
  });
});
