import { sqlRows } from "../../platform/index.ts";
import { applicantScope, type Ctx } from "../../registry/index.ts";
import { type ChainProgressView, getChainProgress } from "./chain-views.ts";

/** A chain's progress as a page shows it: without the filed form, with the cases the viewer may open. */
export interface ChainProgressPage {
  progress: ChainProgressView;
  /** Cases of the chain the viewer may open: the applicant's own (企业开办's later cases belong to the new
   * enterprise, so the founder acting as themself opens only the licence case), or staff's department's. */
  openable: string[];
  viewer: "applicant" | "staff";
}

/**
 * getChainProgress (the applicant, or staff of a department handling one of the chain's items; else NOT_FOUND)
 * plus which of its cases the viewer can open from the diagram.
 */
export async function getChainProgressPage(ctx: Ctx, instanceId: string): Promise<ChainProgressPage> {
  const progress = await getChainProgress(ctx, instanceId);
  const a = ctx.actor;
  const rows = await sqlRows<{
    id: string;
    item_code: string;
    department_id: string;
    applicant_type: string;
    applicant_person_id: string;
    applicant_enterprise_id: string | null;
  }>(
    ctx.em,
    `select c.id, i.code as item_code, c.department_id, c.applicant_type, c.applicant_person_id,
            c.applicant_enterprise_id
     from case_file c join service_item i on i.id = c.item_id where c.chain_instance_id = ?`,
    [progress.id],
  );
  if (a.type === "person" && a.staff) {
    const dept = a.staff.departmentId;
    return {
      progress,
      openable: rows.filter((r) => r.department_id === dept).map((r) => r.id),
      viewer: "staff",
    };
  }
  if (a.type !== "person") return { progress, openable: [], viewer: "staff" };
  const scope = await applicantScope(ctx);
  const openable = rows
    .filter((r) =>
      scope.type === "person"
        ? r.applicant_enterprise_id === null && r.applicant_person_id === scope.personId
        : r.applicant_enterprise_id === scope.enterpriseId &&
          (!scope.items || scope.items.includes(r.item_code)),
    )
    .map((r) => r.id);
  return { progress, openable, viewer: "applicant" };
}
