import { createHash } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";

/** The driver-level connection of the pool (node-postgres `Client`), as far as this module uses it. */
interface PgConnection {
  query(q: { name: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[] }>;
}
interface KnexPool {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(c: PgConnection): Promise<unknown>;
}

const PREPARED = new Map<string, { name: string; text: string }>();

/**
 * The statement as a named prepared statement: `?` placeholders as PostgreSQL's `$1, $2, …`, and a name from
 * its text, so each pooled connection parses and plans it once and then only binds and executes.
 */
function prepared(sql: string): { name: string; text: string } {
  let out = PREPARED.get(sql);
  if (out === undefined) {
    let i = 0;
    const text = sql.replace(/\?/g, () => `$${++i}`);
    out = { name: `tb_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`, text };
    if (PREPARED.size >= 500) PREPARED.clear();
    PREPARED.set(sql, out);
  }
  return out;
}

/**
 * Runs one parameterised statement and returns its rows: `?` placeholders, sent to PostgreSQL as bind
 * parameters (never spliced into the text; arrays bind as PostgreSQL arrays). Inside the caller's transaction
 * when there is one; otherwise straight on a pooled connection as a named prepared statement, without the
 * query builder, which is the point on hot paths. Statements must not contain a literal `?` (no jsonb `?` operators: use jsonb_exists).
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
    return (await conn.query({ ...prepared(sql), values: params })).rows as T[];
  } finally {
    await pool.releaseConnection(conn);
  }
}
