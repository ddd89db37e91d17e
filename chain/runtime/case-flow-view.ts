import type { CaseForFlow, Ctx } from "../../registry/index.ts";
import { loadCaseForFlow, toChinaDate } from "../../registry/index.ts";
import { allowedActions, type CaseActionType, type CaseSnapshot } from "../flow/index.ts";
import { parseTemplate } from "../flow/snapshot.ts";
import { type ClockStatus, clockStatus } from "../time/index.ts";
import { flowActorFor, snapshotOf } from "./flow-actor.ts";
import { cachedWorkCalendar } from "./work-calendar-cache.ts";

/** Where a case stands in its flow, for the workbench and the applicant's space. */
export interface CaseFlowView {
  caseId: string;
  /** Pass it back as expectedVersion with the next action. */
  version: number;
  status: CaseSnapshot["status"];
  currentStep: { code: string; name: string; role: string };
  remainingWorkingDays: ClockStatus["remainingWorkingDays"];
  statutoryRemainingWorkingDays: ClockStatus["statutoryRemainingWorkingDays"];
  level: ClockStatus["level"];
  paused: boolean;
  deadlines: CaseSnapshot["deadlines"];
  arbitrationPending: boolean;
  /** What this caller may do now: what the flow engine accepts for the case alone (chain/flow/preconditions.ts). */
  allowedActions: CaseActionType[];
}

/**
 * A case's flow status as the caller may see it (the applicant, the handling department, the platform); anyone
 * else gets NOT_FOUND. A concluded case's clock is read at its conclusion, so its level stays what it was.
 */
export async function getCaseFlow(ctx: Ctx, caseId: string): Promise<CaseFlowView> {
  return caseFlowView(ctx, await loadCaseForFlow(ctx.em, caseId));
}

/** getCaseFlow for a case the caller has loaded already. */
export async function caseFlowView(ctx: Ctx, c: CaseForFlow): Promise<CaseFlowView> {
  const actor = await flowActorFor(ctx, c);
  const snap = snapshotOf(c);
  const template = parseTemplate(c.itemDefinition.flowTemplate);
  const cal = await cachedWorkCalendar(ctx.em, ctx.now);
  const clock = clockStatus(cal, snap.clock, c.concludedAt ?? ctx.now);
  const step = template.steps[snap.step]!;
  return {
    caseId: c.id,
    version: c.version,
    status: snap.status,
    currentStep: { code: step.code, name: step.name, role: step.role },
    remainingWorkingDays: clock.remainingWorkingDays,
    statutoryRemainingWorkingDays: clock.statutoryRemainingWorkingDays,
    level: clock.level,
    paused: clock.paused,
    deadlines: snap.deadlines,
    arbitrationPending: snap.arbitrationPending,
    allowedActions: allowedActions(template, snap, actor, toChinaDate(ctx.now)),
  };
}
