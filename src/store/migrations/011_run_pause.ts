import type { StoreMigration } from './types.js';
import { instant } from './types.js';

/**
 * An operator's pause, shared by every worker: a run with `paused_at` set keeps its status
 * (`planned`, `sending` or `throttled`: the run statuses are a published contract) and is
 * claimed by no worker until an operator resumes or cancels it.
 */
export const runPause: StoreMigration = {
  name: '011_run_pause',
  async up(db) {
    await db.schema.alterTable('send_runs').addColumn('paused_at', instant).execute();
  },
  async down(db) {
    await db.schema.alterTable('send_runs').dropColumn('paused_at').execute();
  },
};
