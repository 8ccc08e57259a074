import type { StoreMigration } from './types.js';
import { instant } from './types.js';

/**
 * More consent evidence (how an address was added; the browser that confirmed it), when the
 * choices last changed, and when the address was last sent a confirmation or preferences link,
 * so repeated requests cannot flood an inbox. One column a statement: SQLite adds one at a time.
 */
export const subscriberConsentNotices: StoreMigration = {
  name: '003_subscriber_consent_notices',
  async up(db) {
    const columns: [string, 'text' | typeof instant][] = [
      ['subscribed_source', 'text'],
      ['confirmed_user_agent', 'text'],
      ['preferences_updated_at', instant],
      ['notice_sent_at', instant],
    ];
    for (const [name, type] of columns) {
      await db.schema.alterTable('subscribers').addColumn(name, type).execute();
    }
  },
};
