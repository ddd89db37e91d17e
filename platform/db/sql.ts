import type { EntityManager } from "@mikro-orm/postgresql";

/**
 * Runs one parameterised statement (`?` placeholders, sent to PostgreSQL as bind parameters, never spliced
 * into the text) in the caller's transaction when there is one, and returns its rows. For hot paths and
 * set-based reads where hydrating entities would cost more than the query; the caller owns the SQL.
 */
export async function sqlRows<T = Record<string, unknown>>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  const trx = em.getTransactionContext();
  const knex = trx ?? em.getKnex();
  const res = (await knex.raw(sql, params as unknown[])) as { rows: T[] };
  return res.rows;
}
