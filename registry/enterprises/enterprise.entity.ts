import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { Person } from "../persons/person.entity.ts";

/** A market subject identified by its 统一社会信用代码. */
export const Enterprise = defineEntity({
  name: "Enterprise",
  tableName: "enterprise",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    uscc: p.string().length(18).unique(),
    name: p.string().length(200),
    type: p.string().length(60),
    legalRep: () => p.manyToOne(Person).ref(),
    address: p.string().length(200),
    registeredCapitalFen: p.bigint("number").default(0),
    businessScope: p.text().default(""),
    establishedOn: p.date(),
    status: p.enum(["active", "revoked", "cancelled"] as const).default("active"),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type IEnterprise = InferEntity<typeof Enterprise>;

/** Who may act for an enterprise (法定代表人 / 管理员 / 经办人), for which items and until when. */
export const EnterpriseMember = defineEntity({
  name: "EnterpriseMember",
  tableName: "enterprise_member",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    enterprise: () => p.manyToOne(Enterprise).ref(),
    person: () => p.manyToOne(Person).ref(),
    role: p.enum(["legal_rep", "admin", "agent"] as const),
    /** True when the member may act on every item; otherwise only on scopeItems. */
    scopeAll: p.boolean().default(true),
    scopeItems: p.array().default([]),
    validFrom: p.date(),
    validTo: p.date().nullable(),
    grantedBy: () => p.manyToOne(Person).ref().nullable(),
    revokedAt: p.datetime().nullable(),
    revokedBy: () => p.manyToOne(Person).ref().nullable(),
    revokeReason: p.string().length(200).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [
    {
      name: "enterprise_member_active_uniq",
      expression:
        "create unique index enterprise_member_active_uniq on enterprise_member (enterprise_id, person_id) where revoked_at is null",
    },
  ],
});
export type IEnterpriseMember = InferEntity<typeof EnterpriseMember>;
