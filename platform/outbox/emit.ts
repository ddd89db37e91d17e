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
  await em
    .getConnection()
    .execute(`select pg_notify('${OUTBOX_CHANNEL}', '')`, [], "run", em.getTransactionContext());
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
export const OUTBOX_NOTIFY_SQL = `pg_notify('${OUTBOX_CHANNEL}', '')`;
