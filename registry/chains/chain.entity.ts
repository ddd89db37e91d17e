import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { Enterprise } from "../enterprises/enterprise.entity.ts";
import { Person } from "../persons/person.entity.ts";
import type { TChainDefinition } from "./chain.schema.ts";

/** 业务链 (一件事): a catalog entry for a cross-department bundle. Its definition lives in versions. */
export const Chain = defineEntity({
  name: "Chain",
  tableName: "chain",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    code: p.string().length(40).unique(),
    name: p.string().length(100),
    currentVersion: p.integer(),
    status: p.enum(["active", "suspended"] as const).default("active"),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type IChain = InferEntity<typeof Chain>;

/** One published version of a chain, compiled against the item versions current at publication. */
export const ChainVersion = defineEntity({
  name: "ChainVersion",
  tableName: "chain_version",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    chain: () => p.manyToOne(Chain).ref(),
    version: p.integer(),
    definition: p.json<TChainDefinition>(),
    publishedAt: p.datetime(),
  },
  uniques: [{ properties: ["chain", "version"] }],
});
export type IChainVersion = InferEntity<typeof ChainVersion>;

export const CHAIN_STATUSES = ["running", "blocked", "completed", "withdrawn"] as const;

/**
 * One application for a whole chain (一表申请): the combined form and material set, and the planner's snapshot
 * (chain/engine ChainSnapshot). The row is locked (select … for update) whenever the chain advances.
 */
export const ChainInstance = defineEntity({
  name: "ChainInstance",
  tableName: "chain_instance",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    instanceNo: p.string().length(40).unique(),
    chain: () => p.manyToOne(Chain).ref(),
    chainVersion: () => p.manyToOne(ChainVersion).ref(),
    applicantType: p.enum(["person", "enterprise"] as const),
    applicantPerson: () => p.manyToOne(Person).ref(),
    /** The enterprise applied for, or the one the chain established (企业开办). */
    applicantEnterprise: () => p.manyToOne(Enterprise).ref().nullable(),
    status: p.enum([...CHAIN_STATUSES]),
    formData: p.json<Record<string, unknown>>(),
    /** The one set of materials: requirement code → a library material or a held result (with consent). */
    materials: p.json<Record<string, { materialId: string } | { resultId: string; consentAt: string }>>(),
    snapshot: p.json<Record<string, unknown>>(),
    submittedAt: p.datetime(),
    /** China calendar date by which the chain is promised (承诺时限 of the whole chain). */
    promisedDeadline: p.date().nullable(),
    endedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().default(1),
  },
  indexes: [
    { properties: ["applicantPerson", "submittedAt"] },
    { properties: ["applicantEnterprise", "submittedAt"] },
  ],
});
export type IChainInstance = InferEntity<typeof ChainInstance>;
