import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { Enterprise } from "../enterprises/enterprise.entity.ts";
import { Person } from "../persons/person.entity.ts";
import type { DraftMaterial } from "./case-draft.schema.ts";

/**
 * An application being prepared (申报草稿): the form data and the chosen materials of one owner for one item.
 * The owner is a person, or an enterprise together with the person preparing it; `ownerKey` makes "one open
 * draft per owner and item" a plain unique constraint (a nullable enterprise column could not).
 */
export const CaseDraft = defineEntity({
  name: "CaseDraft",
  tableName: "case_draft",
  properties: {
    id: p.uuid().primary(),
    /** `p:<personId>` or `e:<enterpriseId>:<personId>`. */
    ownerKey: p.string().length(80),
    person: () => p.manyToOne(Person).ref(),
    enterprise: () => p.manyToOne(Enterprise).ref().nullable(),
    itemCode: p.string().length(40),
    itemVersion: p.integer(),
    /** The step the applicant was at (1 form, 2 materials, 3 review). */
    step: p.smallint().default(1),
    formData: p.json<Record<string, unknown>>(),
    materials: p.json<DraftMaterial[]>(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
  uniques: [{ properties: ["ownerKey", "itemCode"] }],
  indexes: [{ properties: ["person"] }],
});
export type ICaseDraft = InferEntity<typeof CaseDraft>;
