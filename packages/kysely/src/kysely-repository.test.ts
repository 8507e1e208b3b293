import { describeRepositoryConformance } from '@coursesync/core/testing';
import { describe } from 'vitest';
import { createKyselyRepository } from './kysely-repository';
import { afterQuestWrite, createTestDatabase } from './testing';

async function harness(dialect: 'pglite' | 'postgres') {
  const database = await createTestDatabase({ dialect });
  const injected = afterQuestWrite(() => {
    throw new Error('Injected failure after the quest write');
  });
  return {
    repository: createKyselyRepository(database.db),
    failingRepository: createKyselyRepository(database.db.withPlugin(injected)),
    close: () => database.destroy(),
  };
}

describeRepositoryConformance('kysely on PGlite', () => harness('pglite'));

describe.skipIf(!process.env.DATABASE_URL)('with DATABASE_URL', () => {
  describeRepositoryConformance('kysely on Postgres', () => harness('postgres'));
});
