import { InsertQueryNode, type KyselyPlugin, type QueryResult, type UnknownRow } from 'kysely';

/**
 * A Kysely plugin for fault injection: runs `hook` after each sync's quest statement has executed and
 * before its result returns, so before the task statement. A throwing hook makes the sync reject after the
 * quest write (the transaction must leave nothing behind); an async hook pauses the sync mid-transaction
 * (to cut its connection, say).
 *
 * @example
 * ```ts
 * const failingRepository = createKyselyRepository(
 *   db.withPlugin(afterQuestWrite(() => { throw new Error('injected failure') })),
 * )
 * ```
 */
export function afterQuestWrite(hook: () => unknown): KyselyPlugin {
  const questWrites = new WeakSet<object>();
  return {
    transformQuery({ node, queryId }) {
      if (InsertQueryNode.is(node) && node.into?.table.identifier.name === 'quests') questWrites.add(queryId);
      return node;
    },
    async transformResult({ queryId, result }): Promise<QueryResult<UnknownRow>> {
      if (questWrites.has(queryId)) await hook();
      return result;
    },
  };
}
