export { createTestDatabase, type CreateTestDatabaseOptions, type TestDatabase } from './testing/create-test-database';
export { afterQuestWrite } from './testing/after-quest-write';
