import {
  assertApplicantMaterials,
  type CaseFlowChange,
  type CaseFlowFollowUp,
  type CaseForFlow,
  type Ctx,
  caseResultFollowUp,
  suppliedMaterialsFollowUp,
  verificationTaskFollowUp,
  type WorkCalendar,
} from "../../registry/index.ts";
import {
  type CaseAction,
  type CaseSnapshot,
  type FlowActor,
  type FlowEvent,
  transition,
} from "../flow/index.ts";
import { snapshotOf } from "./flow-actor.ts";

/** What one flow action on a loaded case will write, before it is written. */
export interface PlannedCaseAction {
  before: CaseSnapshot;
  snapshot: CaseSnapshot;
  flowEvents: FlowEvent[];
  change: CaseFlowChange;
  followUps: CaseFlowFollowUp[];
  /** The result an approved conclusion issues (its id; the number comes back from the write). */
  result: { id: string; typeCode: string } | null;
}

/** Case statuses in which a case has ended: a business chain it belongs to moves on (or is blocked). */
export const CASE_END_STATUSES: ReadonlySet<string> = new Set([
  "concluded",
  "refused",
  "returned",
  "withdrawn",
  "terminated",
]);

/**
 * Runs the pure transition for `action` on `c` and builds its write: the case row change with its events and
 * outbox rows, and the follow-ups (the result of an approved conclusion, the verification task of a 告知承诺
 * approval, the materials a 补交 or 容缺 fulfilment brings — checked to be the applicant's own here). Writes
 * nothing; refusals throw (FlowError, DomainError).
 */
export async function planCaseAction(
  ctx: Ctx,
  c: CaseForFlow,
  action: CaseAction,
  actor: FlowActor,
  cal: WorkCalendar,
): Promise<PlannedCaseAction> {
  const before = snapshotOf(c);
  const { snapshot: s, events: flowEvents } = transition(
    c.itemDefinition.flowTemplate,
    before,
    action,
    actor,
    ctx.now,
    cal,
  );
  const change: CaseFlowChange = {
    flow: s as unknown as Record<string, unknown>,
    status: s.status,
    acceptedAt: before.clock.acceptedOn === null && s.clock.acceptedOn !== null ? ctx.now : undefined,
    statutoryDeadline: s.deadlines.statutory,
    promisedDeadline: s.deadlines.promised,
    decision: s.decision === null ? null : s.decision.approve ? "approved" : "denied",
    concludedAt: before.concludedOn === null && s.concludedOn !== null ? ctx.now : undefined,
    events: flowEvents.map((e) => ({
      stage: e.stage,
      action: e.action,
      payload: e.violation ? { ...e.payload, violation: e.violation } : e.payload,
      actor: ctx.actor,
      at: ctx.now,
    })),
    outbox: {
      topic: "case.event",
      payloads: flowEvents.map((e) => ({
        caseId: c.id,
        caseNo: c.caseNo,
        stage: e.stage,
        action: e.action,
        ...(e.violation ? { violation: e.violation } : {}),
      })),
    },
  };
  const resultType = c.itemDefinition.resultType;
  const result =
    flowEvents.some((e) => e.payload.issueResult === true) && resultType
      ? caseResultFollowUp(c, ctx.actor, ctx.now, certificateData(c.formData))
      : null;
  const verification = flowEvents.some((e) => e.action === "commitmentApproval") ? s.verification : null;
  const supplied = suppliedMaterials(action, before);
  await assertApplicantMaterials(
    ctx.em,
    c,
    supplied.map((i) => i.materialId),
  );
  return {
    before,
    snapshot: s,
    flowEvents,
    change,
    followUps: [
      ...(result ? [result] : []),
      ...(verification ? [verificationTaskFollowUp(verification, ctx.now)] : []),
      ...(supplied.length ? [suppliedMaterialsFollowUp(supplied)] : []),
    ],
    result: result && resultType ? { id: result.id, typeCode: resultType.code } : null,
  };
}

/** The materials an applicant's supplement (补交) or a 容缺 fulfilment brings, by requirement code. */
function suppliedMaterials(action: CaseAction, before: CaseSnapshot): { code: string; materialId: string }[] {
  if (action.type === "supplement") {
    return action.items.flatMap((i) => (i.materialId ? [{ code: i.code, materialId: i.materialId }] : []));
  }
  if (action.type === "deficiencyFulfilled" && action.materialId && before.deficiency) {
    return [{ code: before.deficiency.materialCode, materialId: action.materialId }];
  }
  return [];
}

/** The form's scalar fields, as printed on the certificate (nested values are not certificate fields). */
function certificateData(form: Record<string, unknown>): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(form)) {
    if (typeof v === "string") out[k] = v.slice(0, 2000);
    else if (typeof v === "number" || typeof v === "boolean" || v === null) out[k] = v;
  }
  return out;
}
