import type { EntityManager } from "@mikro-orm/postgresql";

/** The driver-level connection of the pool (node-postgres `Client`), as far as this module uses it. */
interface PgConnection {
  query(text: string, values: readonly unknown[]): Promise<{ rows: unknown[] }>;
}
interface KnexPool {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(c: PgConnection): Promise<unknown>;
}

const NUMBERED = new Map<string, string>();

/** `?` placeholders as PostgreSQL's `$1, $2, …`, remembered per statement text (hot paths repeat theirs). */
function numbered(sql: string): string {
  let out = NUMBERED.get(sql);
  if (out === undefined) {
    let i = 0;
    out = sql.replace(/\?/g, () => `$${++i}`);
    if (NUMBERED.size >= 500) NUMBERED.clear();
    NUMBERED.set(sql, out);
  }
  return out;
}

/**
 * Runs one parameterised statement and returns its rows: `?` placeholders, sent to PostgreSQL as bind
 * parameters (never spliced into the text; arrays bind as PostgreSQL arrays). Inside the caller's transaction
 * when there is one; otherwise straight on a pooled connection, without the query builder, which is the
 * point on hot paths. Statements must not contain a literal `?` (no jsonb `?` operators: use jsonb_exists).
 * Timestamps come back as text, as everywhere under MikroORM (it leaves them to its own hydration).
 */
export async function sqlRows<T = Record<string, unknown>>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  const trx = em.getTransactionContext();
  if (trx) return ((await trx.raw(sql, params as unknown[])) as { rows: T[] }).rows;
  const pool = em.getKnex().client as unknown as KnexPool;
  const conn = await pool.acquireConnection();
  try {
    return (await conn.query(numbered(sql), params)).rows as T[];
  } finally {
    await pool.releaseConnection(conn);
  }
}
