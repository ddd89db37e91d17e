import { DomainError, type EntityManager, sqlRows } from "../../platform/index.ts";
import type { CaseFlowFollowUp } from "./apply-case-flow.ts";
import type { CaseForFlow } from "./load-case-for-flow.ts";

/**
 * Checks that materials given in answer to a supplement notice are the applicant's own (their library, or the
 * enterprise's when the case is an enterprise's) and not deleted. A material of anyone else is refused as
 * VALIDATION without saying whose it is.
 */
export async function assertApplicantMaterials(
  em: EntityManager,
  c: CaseForFlow,
  materialIds: readonly string[],
): Promise<void> {
  const ids = [...new Set(materialIds)];
  if (ids.length === 0) return;
  const own = await sqlRows<{ id: string }>(
    em,
    `select id from material where id = any(?::uuid[]) and deleted_at is null and
       (case when ?::uuid is null then owner_type = 'person' and owner_person_id = ?
             else owner_type = 'enterprise' and owner_enterprise_id = ?::uuid end)`,
    [ids, c.applicantEnterpriseId, c.applicantPersonId, c.applicantEnterpriseId],
  );
  if (own.length !== ids.length) {
    throw new DomainError("VALIDATION", "所选材料不在申请人的材料库中，请重新选择", [
      { path: "items", message: "材料无效" },
    ]);
  }
}

/**
 * The materials supplied in answer to a supplement notice, as a follow-up of the supplement transition: each
 * listed requirement now points at the new material (replacing the material or reused result it had; the
 * hash-chained event keeps what was supplied when).
 */
export function suppliedMaterialsFollowUp(
  items: readonly { code: string; materialId: string }[],
): CaseFlowFollowUp {
  return {
    sql: `sm as (
       insert into case_material (id, case_id, requirement_code, material_id, result_id, reuse_consent_at,
                                  created_at)
       select gen_random_uuid(), u.id, m.code, m.material_id, null, null, now()
       from u, jsonb_to_recordset(?::jsonb) as m(code text, material_id uuid)
       on conflict (case_id, requirement_code) do update
         set material_id = excluded.material_id, result_id = null, reuse_consent_at = null)`,
    params: [JSON.stringify(items.map((i) => ({ code: i.code, material_id: i.materialId })))],
  };
}
