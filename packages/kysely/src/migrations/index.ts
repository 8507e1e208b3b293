import type { Migration } from 'kysely';
import { optioTables } from './0001-optio-tables';
import { lmsUniqueKeys } from './0002-lms-unique-keys';

/** Every shipped migration by name; Kysely runs them in name order. Never rename or edit a shipped one. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_optio_tables': optioTables,
  '0002_lms_unique_keys': lmsUniqueKeys,
};
