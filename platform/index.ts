// Public API of the platform layer. Imports nothing of ours.

export type { EntityManager, MikroORM } from "@mikro-orm/postgresql";
export * from "./clock/clock.ts";
export * from "./config/env.ts";
export * from "./crypto/index.ts";
export * from "./db/embedded-postgres.ts";
export * from "./db/orm.ts";
export * from "./db/sql.ts";
export * from "./db/transact.ts";
export * from "./errors/domain-error.ts";
export * from "./errors/validate.ts";
export * from "./logger/logger.ts";
export * from "./outbox/emit.ts";
export * from "./outbox/jobs.ts";
export * from "./outbox/outbox.entity.ts";
export * from "./outbox/relay.ts";
export * from "./outbox/worker.ts";
export * from "./queue/redis.ts";
export * from "./storage/index.ts";
