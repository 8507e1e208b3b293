import { sql, type Kysely } from 'kysely';

const SHOWN_KEYS = 20;

/**
 * Throws, listing the keys, when rows of `table` share a value of `columns` with no NULL in it (what a
 * unique index on those columns would refuse). Table and column names are constants of this package.
 */
export async function assertNoDuplicateKeys(db: Kysely<unknown>, table: string, columns: readonly string[]): Promise<void> {
  const refs = sql.join(columns.map((column) => sql.ref(column)));
  const notNull = sql.join(
    columns.map((column) => sql`${sql.ref(column)} is not null`),
    sql` and `,
  );
  const { rows } = await sql<{ key: readonly unknown[]; rows: number; keys: number }>`
    select json_build_array(${refs}) as key, count(*)::int as rows, count(*) over ()::int as keys
    from ${sql.table(table)}
    where ${notNull}
    group by ${refs}
    having count(*) > 1
    order by ${refs}
    limit ${SHOWN_KEYS}`.execute(db);
  if (rows.length === 0) return;
  const total = rows[0]?.keys ?? rows.length;
  const listed = rows.map((row) => `(${row.key.map((value) => JSON.stringify(value)).join(', ')}) ×${row.rows}`).join(', ');
  const more = total > rows.length ? ` and ${total - rows.length} more` : '';
  throw new Error(
    `${total} key(s) of ${table} (${columns.join(', ')}) are used by more than one row: ${listed}${more}; ` +
      'merge or delete the duplicate rows, then run the migrations again.',
  );
}
