import { z } from "zod";
import { DomainError, parseInput } from "../../platform/index.ts";
import {
  applyCaseFlow,
  assertApplicantMaterials,
  type CaseFlowChange,
  type Ctx,
  caseResultFollowUp,
  loadCaseForFlow,
  type SeedCaseActionRunner,
  type StageCode,
  suppliedMaterialsFollowUp,
  verificationTaskFollowUp,
} from "../../registry/index.ts";
import { type CaseAction, type CaseSnapshot, transition } from "../flow/index.ts";
import { type ClockStatus, clockStatus } from "../time/index.ts";
import { flowActorFor, snapshotOf } from "./flow-actor.ts";
import { cachedWorkCalendar } from "./work-calendar-cache.ts";

export const ZPerformCaseActionInput = z.object({
  caseId: z.string().min(1).max(64),
  /** Validated by the flow engine (chain/flow/actions.ts), which names the field at fault. */
  action: z.object({ type: z.string() }).loose(),
  /** The version the caller saw; someone else's action in between makes this one a CONFLICT. */
  expectedVersion: z.number().int().min(0),
});
const STALE = "数据已被他人修改，请刷新后重试";

export type TPerformCaseActionInput = { caseId: string; action: CaseAction; expectedVersion: number };

/** Where the case stands after an action: its new version (for the next action), its events and clock. */
export interface CaseActionOutcome {
  caseId: string;
  caseNo: string;
  version: number;
  /** The events the action recorded, in order (stage codes as supervision sees them). */
  events: { stage: StageCode; action: string; violation?: string }[];
  /** The result issued by an approved conclusion, if the item issues one. */
  result: { id: string; number: string } | null;
  flow: {
    status: CaseSnapshot["status"];
    remainingWorkingDays: ClockStatus["remainingWorkingDays"];
    level: ClockStatus["level"];
    paused: boolean;
    deadlines: CaseSnapshot["deadlines"];
  };
}

/**
 * Runs one flow action on a case in one transaction: the case row (guarded by the version the caller saw),
 * the snapshot, one hash-chained case_event per flow event, a `case.event` outbox row per event and, on an
 * approved conclusion of an item with a result type, the Result for the applicant (on a 告知承诺 approval,
 * the verification task). Refusals (FlowError, DomainError) leave nothing. Two round trips: one read of the
 * case, then one statement that writes all of it (docs/decisions/010-case-action-hot-path.md).
 */
export async function performCaseAction(
  ctx: Ctx,
  input: TPerformCaseActionInput,
): Promise<CaseActionOutcome> {
  const data = parseInput(ZPerformCaseActionInput, input);
  // Read outside a transaction: the write below is guarded by this version, so nothing read here can be stale
  // by the time it counts.
  const c = await loadCaseForFlow(ctx.em, data.caseId);
  const actor = await flowActorFor(ctx, c);
  if (c.version !== data.expectedVersion) throw new DomainError("CONFLICT", STALE);
  const cal = await cachedWorkCalendar(ctx.em, ctx.now);
  const before = snapshotOf(c);
  const { snapshot: s, events: flowEvents } = transition(
    c.itemDefinition.flowTemplate,
    before,
    data.action as CaseAction,
    actor,
    ctx.now,
    cal,
  );
  const events = flowEvents.map((e) => ({
    stage: e.stage,
    action: e.action,
    ...(e.violation ? { violation: e.violation } : {}),
  }));
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
    outbox: { topic: "case.event", payloads: events.map((e) => ({ caseId: c.id, caseNo: c.caseNo, ...e })) },
  };
  // Follow-ups are written by the same statement as the case row: the result of an approved conclusion, the
  // verification task of a 告知承诺 approval, the materials a 补交 or 容缺 fulfilment brings (checked first).
  const result =
    flowEvents.some((e) => e.payload.issueResult === true) && c.itemDefinition.resultType
      ? caseResultFollowUp(c, ctx.actor, ctx.now, certificateData(c.formData))
      : null;
  const verification = flowEvents.some((e) => e.action === "commitmentApproval") ? s.verification : null;
  const supplied = suppliedMaterials(data.action as CaseAction, before);
  await assertApplicantMaterials(
    ctx.em,
    c,
    supplied.map((i) => i.materialId),
  );
  const saved = await applyCaseFlow(ctx.em, c, change, [
    ...(result ? [result] : []),
    ...(verification ? [verificationTaskFollowUp(verification, ctx.now)] : []),
    ...(supplied.length ? [suppliedMaterialsFollowUp(supplied)] : []),
  ]);
  const version = saved.version;
  const clock = clockStatus(cal, s.clock, ctx.now);
  return {
    caseId: c.id,
    caseNo: c.caseNo,
    version,
    events,
    result: result ? { id: result.id, number: String(saved.result_number) } : null,
    flow: {
      status: s.status,
      remainingWorkingDays: clock.remainingWorkingDays,
      level: clock.level,
      paused: clock.paused,
      deadlines: s.deadlines,
    },
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

/** performCaseAction for callers that build actions as plain data, such as the demo seed's history. */
export const runCaseAction: SeedCaseActionRunner = (ctx, input) =>
  performCaseAction(ctx, input as TPerformCaseActionInput);
