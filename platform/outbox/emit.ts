import type { EntityManager } from "@mikro-orm/postgresql";
import { OutboxEvent } from "./outbox.entity.ts";

/** The channel the relay LISTENs on; NOTIFY is delivered only when the writing transaction commits. */
export const OUTBOX_CHANNEL = "tongban_outbox";

/**
 * Records a domain event inside the caller's transaction. Nothing reaches the queue unless that
 * transaction commits, so a rolled-back use case emits nothing.
 */
export async function emitEvent(
  em: EntityManager,
  topic: string,
  payload: Record<string, unknown>,
): Promise<void> {
  if (!em.isInTransaction()) throw new Error("emitEvent must run inside em.transactional");
  em.create(OutboxEvent, { topic, payload, dispatchedAt: null });
  await em.getConnection().execute(`select ${OUTBOX_NOTIFY_SQL}`, [], "run", em.getTransactionContext());
}

/**
 * For use-case SQL that writes its change and its events in one statement (atomic on its own, inside a
 * transaction or not): a CTE named `name` that inserts one outbox row of topic `?` per element of the jsonb
 * array `?` (two bind parameters, in that order), and the NOTIFY expression to select in the same statement.
 * Guard the rows on the change by selecting from the change's CTE in `from` (e.g. `u`), so that a change that
 * matched nothing records no event.
 */
export function outboxInsertCte(name: string, from?: string): string {
  return `${name} as (insert into outbox (topic, payload, created_at)
    select ?, p, now() from ${from ? `${from}, ` : ""}jsonb_array_elements(?::jsonb) p)`;
}
/**
 * The wake-up for the relay, as an expression to select in the writing statement: a NOTIFY sent only when the
 * outbox holds no undispatched row (as the statement sees it). A relay drains until the outbox is empty, so it
 * needs waking only when idle; under load there is always a row pending and nobody notifies.
 *
 * Why not always: PostgreSQL serialises the commits of all transactions that sent a NOTIFY (a database-wide lock
 * from pre-commit until after the WAL flush). With a NOTIFY in every case action that lock capped writes near
 * 1,000 commits/s on the 2-core test machine (pgbench, 32 clients: 6,700 tps without, 700–1,100 with; 6,400–8,300
 * with this condition and a backlog). A writer racing a relay that is just emptying the outbox may skip its NOTIFY;
 * the relay's poll (`pollMs`) then picks the row up.
 */
export const OUTBOX_NOTIFY_SQL = `(select pg_notify('${OUTBOX_CHANNEL}', '')
    where not exists (select 1 from outbox where dispatched_at is null))`;
