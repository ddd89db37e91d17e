import type { EntityManager, FieldIssue } from "../../platform/index.ts";
import { Material } from "../materials/material.entity.ts";
import { Result } from "../results/result.entity.ts";

/** A requirement as far as choosing a material for it goes (an item's, or a business chain's merged one). */
export interface RequirementForChoice {
  code: string;
  name: string;
  required: boolean;
  acceptedResultTypes: string[];
}

export type MaterialChoice =
  | { requirementCode: string; materialId: string }
  | { requirementCode: string; resultId: string };

/**
 * Problems with the materials an applicant offers for a set of requirements: each requirement at most once and
 * only those asked for, every required one present, a stored material only the applicant's own, current and
 * within its validity, a result only one the applicant holds, of an accepted type and still valid. The
 * applicant is the enterprise when one is given, otherwise the person. Empty when all is well.
 */
export async function materialChoiceIssues(
  em: EntityManager,
  applicant: { personId: string; enterpriseId: string | null; today: string },
  requirements: readonly RequirementForChoice[],
  choices: readonly MaterialChoice[],
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const given = new Map(choices.map((m) => [m.requirementCode, m]));
  if (given.size !== choices.length) issues.push({ path: "materials", message: "同一材料只能提供一次" });
  for (const req of requirements) {
    if (req.required && !given.has(req.code))
      issues.push({ path: `materials.${req.code}`, message: `缺少材料：${req.name}` });
  }
  const { enterpriseId, personId, today } = applicant;
  for (const [code, m] of given) {
    const req = requirements.find((r) => r.code === code);
    if (!req) {
      issues.push({ path: `materials.${code}`, message: "该事项不要求此材料" });
      continue;
    }
    if ("materialId" in m) {
      const mat = await em.findOne(Material, { id: m.materialId, deletedAt: null, supersededAt: null });
      const owned =
        mat && (enterpriseId ? mat.ownerEnterprise?.id === enterpriseId : mat.ownerPerson?.id === personId);
      if (!mat || !owned)
        issues.push({ path: `materials.${code}`, message: `${req.name}：材料不存在或不属于申请人` });
      else if (mat.validUntil && mat.validUntil < today)
        issues.push({ path: `materials.${code}`, message: `${req.name}：材料已过有效期` });
    } else {
      const r = await em.findOne(Result, { id: m.resultId });
      const held =
        r && (enterpriseId ? r.holderEnterprise?.id === enterpriseId : r.holderPerson?.id === personId);
      if (!r || !held)
        issues.push({ path: `materials.${code}`, message: `${req.name}：证照不存在或不属于申请人` });
      else if (!req.acceptedResultTypes.includes(r.resultTypeCode))
        issues.push({ path: `materials.${code}`, message: `${req.name}：该证照不能替代此材料` });
      else if (r.status !== "valid" || (r.validTo && r.validTo < today))
        issues.push({ path: `materials.${code}`, message: `${req.name}：证照已失效` });
    }
  }
  return issues;
}
