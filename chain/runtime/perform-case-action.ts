import { z } from "zod";
import { DomainError, parseInput } from "../../platform/index.ts";
import {
  applyCaseFlow,
  type Ctx,
  loadCaseForFlow,
  type SeedCaseActionRunner,
  type StageCode,
} from "../../registry/index.ts";
import type { CaseAction, CaseSnapshot } from "../flow/index.ts";
import { type ClockStatus, clockStatus } from "../time/index.ts";
import { CASE_END_STATUSES, planCaseAction } from "./case-action-plan.ts";
import { endChainCase } from "./end-chain-case.ts";
import { flowActorFor } from "./flow-actor.ts";
import { cachedWorkCalendar } from "./work-calendar-cache.ts";

export const ZPerformCaseActionInput = z.object({
  caseId: z.string().min(1).max(64),
  /** Validated by the flow engine (chain/flow/actions.ts), which names the field at fault. */
  action: z.object({ type: z.string() }).loose(),
  /** The version the caller saw; someone else's action in between makes this one a CONFLICT. */
  expectedVersion: z.number().int().min(0),
});
const STALE = "数据已被他人修改，请刷新后重试";
/** Actions after which a case may have ended (办结, 不予受理, 退件, 撤回, 终止 after an expired 容缺, a failed 仲裁). */
const MAY_END: ReadonlySet<string> = new Set([
  "conclude",
  "refuse",
  "return",
  "withdraw",
  "deficiencyExpired",
  "arbitrate",
]);

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
  // Read outside a transaction (or taken as this process saved it, at the version expected): the write below is
  // guarded by this version, so nothing read here can be stale by the time it counts.
  // Actions that may end a case also read its chain instance (if any) in the same query, for endChainCase
  // (which, given a case taken as saved, uses the instance as this process last knew it, or reads it).
  const c = await loadCaseForFlow(ctx.em, data.caseId, {
    withChain: MAY_END.has(data.action.type),
    expectedVersion: data.expectedVersion,
  });
  const actor = await flowActorFor(ctx, c);
  if (c.version !== data.expectedVersion) throw new DomainError("CONFLICT", STALE);
  const cal = await cachedWorkCalendar(ctx.em, ctx.now);
  const planned = await planCaseAction(ctx, c, data.action as CaseAction, actor, cal);
  const s = planned.snapshot;
  const events = planned.flowEvents.map((e) => ({
    stage: e.stage,
    action: e.action,
    ...(e.violation ? { violation: e.violation } : {}),
  }));
  // A case of a business chain that ends moves its chain on in the same transaction, with the chain row locked
  // (docs/decisions/012-business-chains.md); any other action is one statement.
  const saved =
    c.chainInstanceId !== null && CASE_END_STATUSES.has(s.status)
      ? await endChainCase(ctx, c, planned)
      : await applyCaseFlow(ctx.em, c, planned.change, planned.followUps);
  const result = planned.result;
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

/** performCaseAction for callers that build actions as plain data, such as the demo seed's history. */
export const runCaseAction: SeedCaseActionRunner = (ctx, input) =>
  performCaseAction(ctx, input as TPerformCaseActionInput);
