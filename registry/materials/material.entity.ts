import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { Enterprise } from "../enterprises/enterprise.entity.ts";
import { Person } from "../persons/person.entity.ts";

/**
 * A stored file owned by a person or an enterprise, reusable across applications. A new upload of the
 * same document supersedes the old row; rows sharing a lineage id are its version history.
 */
export const Material = defineEntity({
  name: "Material",
  tableName: "material",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    lineageId: p.uuid(),
    version: p.integer().default(1),
    ownerType: p.enum(["person", "enterprise"] as const),
    ownerPerson: () => p.manyToOne(Person).ref().nullable(),
    ownerEnterprise: () => p.manyToOne(Enterprise).ref().nullable(),
    requirementCode: p.string().length(40).nullable(),
    title: p.string().length(200),
    objectKey: p.string().length(512),
    sha256: p.string().length(64),
    size: p.integer(),
    mimeType: p.string().length(100),
    validUntil: p.date().nullable(),
    /** A issued by an authority, B checked by a clerk, C uploaded by the user, D self-declared. */
    trustLevel: p.enum(["A", "B", "C", "D"] as const),
    uploadedBy: () => p.manyToOne(Person).ref().nullable(),
    supersededAt: p.datetime().nullable(),
    deletedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [
    {
      name: "material_one_owner",
      expression:
        "(owner_type = 'person' and owner_person_id is not null and owner_enterprise_id is null) or (owner_type = 'enterprise' and owner_enterprise_id is not null and owner_person_id is null)",
    },
  ],
  indexes: [
    { properties: ["ownerPerson"] },
    { properties: ["ownerEnterprise"] },
    { properties: ["lineageId"] },
  ],
});
export type IMaterial = InferEntity<typeof Material>;
