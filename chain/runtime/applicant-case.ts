import { sqlRows } from "../../platform/index.ts";
import {
  type ApplicantCaseEvent,
  type CaseView,
  type Ctx,
  getCase,
  listMaterials,
  listMyCaseEvents,
  loadCaseForFlow,
} from "../../registry/index.ts";
import { type CaseFlowView, caseFlowView } from "./case-flow-view.ts";
import { snapshotOf } from "./flow-actor.ts";

/** One case as its applicant follows it in their space. */
export interface ApplicantCaseView {
  case: CaseView;
  /** The handling department's name. */
  departmentName: string;
  /** Names of the item's materials by code (for the listed items in the timeline). */
  materialNames: Record<string, string>;
  flow: CaseFlowView;
  /** Every event the applicant is told, oldest first (see registry listMyCaseEvents). */
  events: ApplicantCaseEvent[];
  /** The supplement notice waiting for an answer: each listed material with what is wrong with it. */
  openNotice: { on: string; items: { code: string; name: string; problem: string }[] } | null;
  /** 容缺受理: the material still owed and by when. */
  deficiency: { materialCode: string; name: string; dueOn: string; status: string } | null;
  /** While a notice is open: the applicant's library (current versions), to answer it with stored materials. */
  library: {
    id: string;
    title: string;
    version: number;
    requirementCode: string | null;
    createdAt: string;
  }[];
  /** Results issued on this case. */
  results: { id: string; number: string; name: string; validTo: string | null; status: string }[];
}

/**
 * The applicant's view of one of their cases (their own, or their enterprise's within an agent's scope):
 * the case, where its flow and clock stand with the actions they may take, its timeline, the open supplement
 * notice and the results issued on it. Anyone else gets NOT_FOUND.
 */
export async function getApplicantCase(ctx: Ctx, caseId: string): Promise<ApplicantCaseView> {
  // The feed checks the applicant scope first (NOT_FOUND for anyone else, staff included).
  const events = await listMyCaseEvents(ctx, { caseId, limit: 200 });
  const view = await getCase(ctx, caseId);
  const c = await loadCaseForFlow(ctx.em, caseId);
  const flow = await caseFlowView(ctx, c);
  const snap = snapshotOf(c);
  const names = new Map(c.itemDefinition.materials.map((m) => [m.code, m.name]));
  const notice = snap.status === "supplement_requested" ? snap.supplementNotices.at(-1) : undefined;
  const results = await sqlRows<{
    id: string;
    number: string;
    name: string;
    valid_to: string | null;
    status: string;
  }>(
    ctx.em,
    `select id, number, name, to_char(valid_to, 'YYYY-MM-DD') as valid_to, status from result
     where case_id = ? order by issued_at`,
    [caseId],
  );
  const [dept] = await sqlRows<{ name: string }>(ctx.em, "select name from department where id = ?", [
    c.departmentId,
  ]);
  const library =
    notice && notice.supplied === null
      ? (
          await listMaterials(
            ctx,
            c.applicantEnterpriseId
              ? { type: "enterprise", enterpriseId: c.applicantEnterpriseId }
              : { type: "person", personId: c.applicantPersonId },
          )
        ).map((m) => ({
          id: m.id,
          title: m.title,
          version: m.version,
          requirementCode: m.requirementCode,
          createdAt: m.createdAt,
        }))
      : [];
  return {
    library,
    case: view,
    departmentName: dept?.name ?? c.departmentCode,
    materialNames: Object.fromEntries(names),
    flow,
    events,
    openNotice:
      notice && notice.supplied === null
        ? {
            on: notice.on,
            items: notice.items.map((i) => ({
              code: i.code,
              name: names.get(i.code) ?? i.code,
              problem: i.problem,
            })),
          }
        : null,
    deficiency: snap.deficiency
      ? { ...snap.deficiency, name: names.get(snap.deficiency.materialCode) ?? snap.deficiency.materialCode }
      : null,
    results: results.map((r) => ({
      id: r.id,
      number: r.number,
      name: r.name,
      validTo: r.valid_to,
      status: r.status,
    })),
  };
}
