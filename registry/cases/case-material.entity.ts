import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { Material } from "../materials/material.entity.ts";
import { Result } from "../results/result.entity.ts";
import { Case } from "./case.entity.ts";

/**
 * How a case meets one material requirement: a stored material, or a result the applicant already
 * holds (once-only reuse, with the applicant's recorded consent).
 */
export const CaseMaterial = defineEntity({
  name: "CaseMaterial",
  tableName: "case_material",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    case: () => p.manyToOne(Case).ref(),
    requirementCode: p.string().length(40),
    material: () => p.manyToOne(Material).ref().nullable(),
    result: () => p.manyToOne(Result).ref().nullable(),
    reuseConsentAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  checks: [{ name: "case_material_one_source", expression: "(material_id is null) <> (result_id is null)" }],
  uniques: [{ properties: ["case", "requirementCode"] }],
  indexes: [{ properties: ["material"] }],
});
export type ICaseMaterial = InferEntity<typeof CaseMaterial>;
