import { type EntityManager, type FieldIssue, sqlRows } from "../../platform/index.ts";

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
  const ids = (kind: "materialId" | "resultId") =>
    [...given.values()].flatMap((m) => (kind in m ? [(m as Record<string, string>)[kind]] : []));
  // One read for everything offered: the materials (current, not deleted) and the results, with their owners.
  const rows = await sqlRows<{
    kind: "material" | "result";
    id: string;
    owner_person_id: string | null;
    owner_enterprise_id: string | null;
    valid_until: string | null;
    type_code: string | null;
    status: string | null;
  }>(
    em,
    `select 'material' as kind, id::text, owner_person_id::text, owner_enterprise_id::text,
            valid_until::text, null as type_code, null as status
     from material where id = any(?::uuid[]) and deleted_at is null and superseded_at is null
     union all
     select 'result', id::text, holder_person_id::text, holder_enterprise_id::text, valid_to::text,
            result_type_code, status
     from result where id = any(?::uuid[])`,
    [ids("materialId"), ids("resultId")],
  );
  const found = new Map(rows.map((r) => [`${r.kind}:${r.id}`, r]));
  const owns = (r: { owner_person_id: string | null; owner_enterprise_id: string | null }) =>
    enterpriseId
      ? r.owner_enterprise_id === enterpriseId
      : r.owner_person_id === personId && !r.owner_enterprise_id;
  for (const [code, m] of given) {
    const req = requirements.find((r) => r.code === code);
    if (!req) {
      issues.push({ path: `materials.${code}`, message: "该事项不要求此材料" });
      continue;
    }
    if ("materialId" in m) {
      const mat = found.get(`material:${m.materialId}`);
      if (!mat || !owns(mat))
        issues.push({ path: `materials.${code}`, message: `${req.name}：材料不存在或不属于申请人` });
      else if (mat.valid_until && mat.valid_until < today)
        issues.push({ path: `materials.${code}`, message: `${req.name}：材料已过有效期` });
    } else {
      const r = found.get(`result:${m.resultId}`);
      if (!r || !owns(r))
        issues.push({ path: `materials.${code}`, message: `${req.name}：证照不存在或不属于申请人` });
      else if (!req.acceptedResultTypes.includes(r.type_code as string))
        issues.push({ path: `materials.${code}`, message: `${req.name}：该证照不能替代此材料` });
      else if (r.status !== "valid" || (r.valid_until && r.valid_until < today))
        issues.push({ path: `materials.${code}`, message: `${req.name}：证照已失效` });
    }
  }
  return issues;
}
