import { z } from "zod";
import { DomainError, emitEvent, parseInput, transact } from "../../platform/index.ts";
import {
  applyCaseFlow,
  type CaseForFlow,
  type CaseView,
  type Ctx,
  getCase,
  issueResult,
  loadCaseForFlow,
  toChinaDate,
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
export type TPerformCaseActionInput = { caseId: string; action: CaseAction; expectedVersion: number };

/** The case after an action, its new version (for the next action) and where its clock stands. */
export interface CaseActionOutcome {
  case: CaseView;
  version: number;
  flow: {
    status: CaseSnapshot["status"];
    remainingWorkingDays: ClockStatus["remainingWorkingDays"];
    level: ClockStatus["level"];
    paused: boolean;
    deadlines: CaseSnapshot["deadlines"];
  };
}

/**
 * Runs one flow action on a case in one transaction: the case row (optimistic version), the snapshot, one
 * hash-chained case_event per flow event, a `case.event` outbox row per event and, on an approved conclusion
 * of an item with a result type, the Result for the applicant. Refusals (FlowError, DomainError) leave nothing.
 */
export async function performCaseAction(
  ctx: Ctx,
  input: TPerformCaseActionInput,
): Promise<CaseActionOutcome> {
  const data = parseInput(ZPerformCaseActionInput, input);
  const { snapshot, version, cal } = await transact(ctx.em, async (em) => {
    const tx: Ctx = { ...ctx, em };
    const c = await loadCaseForFlow(em, data.caseId);
    const actor = await flowActorFor(tx, c);
    if (c.version !== data.expectedVersion)
      throw new DomainError("CONFLICT", "数据已被他人修改，请刷新后重试");
    const cal = await cachedWorkCalendar(em, ctx.now);
    const before = snapshotOf(c);
    const next = transition(
      c.itemDefinition.flowTemplate,
      before,
      data.action as CaseAction,
      actor,
      ctx.now,
      cal,
    );
    const s = next.snapshot;
    // The outbox rows are created before applyCaseFlow so that its flush writes them with the case and events.
    for (const e of next.events) {
      await emitEvent(em, "case.event", {
        caseId: c.id,
        caseNo: c.caseNo,
        stage: e.stage,
        action: e.action,
        ...(e.violation ? { violation: e.violation } : {}),
      });
    }
    const { version } = await applyCaseFlow(em, c.id, {
      expectedVersion: data.expectedVersion,
      flow: s as unknown as Record<string, unknown>,
      status: s.status,
      acceptedAt: before.clock.acceptedOn === null && s.clock.acceptedOn !== null ? ctx.now : undefined,
      statutoryDeadline: s.deadlines.statutory,
      promisedDeadline: s.deadlines.promised,
      decision: s.decision === null ? null : s.decision.approve ? "approved" : "denied",
      concludedAt: before.concludedOn === null && s.concludedOn !== null ? ctx.now : undefined,
      events: next.events.map((e) => ({
        stage: e.stage,
        action: e.action,
        payload: e.violation ? { ...e.payload, violation: e.violation } : e.payload,
        actor: ctx.actor,
        at: ctx.now,
      })),
    });
    if (next.events.some((e) => e.payload.issueResult === true)) await issueCaseResult(tx, c);
    return { snapshot: s, version, cal };
  });
  const clock = clockStatus(cal, snapshot.clock, ctx.now);
  return {
    // A fresh unit of work: the view is read as committed, in one joined query, not by populating the
    // relations of the entities the transaction left behind one select at a time.
    case: await getCase({ ...ctx, em: ctx.em.fork() }, data.caseId),
    version,
    flow: {
      status: snapshot.status,
      remainingWorkingDays: clock.remainingWorkingDays,
      level: clock.level,
      paused: clock.paused,
      deadlines: snapshot.deadlines,
    },
  };
}

/** 办结 with an approval: the item's result, held by the applicant enterprise or person, valid from today. */
async function issueCaseResult(ctx: Ctx, c: CaseForFlow): Promise<void> {
  const type = c.itemDefinition.resultType;
  if (!type) return;
  await issueResult(ctx, {
    resultTypeCode: type.code,
    holder: c.applicantEnterpriseId
      ? { type: "enterprise", enterpriseId: c.applicantEnterpriseId }
      : { type: "person", personId: c.applicantPersonId },
    caseId: c.id,
    data: certificateData(c.formData),
    validFrom: toChinaDate(ctx.now),
  });
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
