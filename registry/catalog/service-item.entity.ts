import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { Department } from "../org/org.entity.ts";
import type { TServiceItem } from "./catalog.schema.ts";

/**
 * A catalog entry. Its definition lives in versions; the row keeps the current version's searchable
 * columns so that the catalog lists without reading every version.
 */
export const ServiceItem = defineEntity({
  name: "ServiceItem",
  tableName: "service_item",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    code: p.string().length(40).unique(),
    name: p.string().length(100),
    department: () => p.manyToOne(Department).ref(),
    currentVersion: p.integer(),
    status: p.enum(["active", "suspended"] as const).default("active"),
    kind: p.string().length(20),
    handlingType: p.string().length(20),
    subjectTypes: p.array(),
    statutoryDays: p.integer(),
    promisedDays: p.integer(),
    onlineDepth: p.string().length(20),
    visitsRequired: p.smallint(),
    feeFen: p.integer(),
    keywords: p.text().default(""),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
  indexes: [
    {
      name: "service_item_search_trgm",
      expression:
        "create index service_item_search_trgm on service_item using gin ((code || ' ' || name || ' ' || keywords) gin_trgm_ops)",
    },
  ],
});
export type IServiceItem = InferEntity<typeof ServiceItem>;

/** One published version of an item; a case keeps the version it was submitted under. */
export const ServiceItemVersion = defineEntity({
  name: "ServiceItemVersion",
  tableName: "service_item_version",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    item: () => p.manyToOne(ServiceItem).ref(),
    version: p.integer(),
    definition: p.json<TServiceItem>(),
    publishedAt: p.datetime(),
  },
  uniques: [{ properties: ["item", "version"] }],
});
export type IServiceItemVersion = InferEntity<typeof ServiceItemVersion>;

/** A kind of result (证照类型) an item issues, e.g. BUSINESS_LICENSE. */
export const ResultType = defineEntity({
  name: "ResultType",
  tableName: "result_type",
  properties: {
    code: p.string().length(40).primary(),
    name: p.string().length(60),
    department: () => p.manyToOne(Department).ref(),
    validMonths: p.integer().nullable(),
  },
});
export type IResultType = InferEntity<typeof ResultType>;
