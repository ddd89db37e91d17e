import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/** Who did what to whose data; written in the same transaction as the change. */
export const AuditLog = defineEntity({
  name: "AuditLog",
  tableName: "audit_log",
  properties: {
    id: p.bigint("string").primary().autoincrement(),
    at: p.datetime(),
    actorType: p.string().length(20),
    actorId: p.string().length(64).nullable(),
    action: p.string().length(60),
    subjectType: p.string().length(30),
    subjectId: p.string().length(64),
    detail: p.json<Record<string, unknown>>(),
  },
  indexes: [{ properties: ["subjectType", "subjectId"] }, { properties: ["at"] }],
});
export type IAuditLog = InferEntity<typeof AuditLog>;
