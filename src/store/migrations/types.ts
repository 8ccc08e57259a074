import type { Kysely } from 'kysely';
import type { Dialect } from '../database.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations describe tables before they are typed.
export type AnyKysely = Kysely<any>;

export interface StoreMigration {
  /** Sorted by name: `NNN_what`. */
  name: string;
  up(db: AnyKysely, dialect: Dialect): Promise<void>;
  down?(db: AnyKysely, dialect: Dialect): Promise<void>;
}

/** Integer milliseconds since the epoch. */
export const instant = 'bigint' as const;
