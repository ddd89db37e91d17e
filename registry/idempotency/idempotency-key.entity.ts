import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/**
 * One `Idempotency-Key` of a department system's POST: the hash of the request it was first used with and,
 * once answered, the response to replay. `status` null means the first request is still being handled.
 */
export const IdempotencyKey = defineEntity({
  name: "IdempotencyKey",
  tableName: "idempotency_key",
  properties: {
    clientId: p.string().length(100).primary(),
    key: p.string().length(255).primary(),
    requestHash: p.string().length(64),
    status: p.smallint().nullable(),
    body: p.json<unknown>().nullable(),
    createdAt: p.datetime().index(),
  },
});
export type IIdempotencyKey = InferEntity<typeof IdempotencyKey>;
