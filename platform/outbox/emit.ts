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
