export type { CourseSyncTables, QuestsTable, QuestSampleTasksTable } from './tables';
export { MigrationError, LegacyClaimError } from './errors';
export { createDatabase, type CreateDatabaseOptions, type CourseSyncDatabase } from './create-database';
export { migrateToLatest } from './migrate';
export { createKyselyRepository, type KyselyCourseSyncRepository } from './kysely-repository';
export type { ClaimLegacyQuestsOptions, ClaimedQuest } from './claim-legacy-quests';
