import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/**
 * One domain event waiting to be handed to the queue. Rows are written in the same transaction as the
 * change they describe; the relay marks them dispatched once every subscribed job has been enqueued.
 */
export const OutboxEvent = defineEntity({
  name: "OutboxEvent",
  tableName: "outbox",
  properties: {
    id: p.bigint("string").primary().autoincrement(),
    topic: p.string().length(100),
    payload: p.json<Record<string, unknown>>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    dispatchedAt: p.datetime().nullable(),
  },
  indexes: [
    {
      name: "outbox_pending_idx",
      expression: "create index outbox_pending_idx on outbox (id) where dispatched_at is null",
    },
  ],
});

export type IOutboxEvent = InferEntity<typeof OutboxEvent>;
