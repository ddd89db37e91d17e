import { type TFlowTemplate, toChinaDate, type WorkCalendar } from "../../registry/index.ts";
import { type CaseAction, type CaseActionType, type TCaseAction, ZCaseAction } from "./actions.ts";
import type { Step } from "./context.ts";
import { FlowError } from "./flow-error.ts";
import { assertAllowed } from "./guards.ts";
import * as intake from "./intake.ts";
import { assertCaseAllows } from "./preconditions.ts";
import * as progress from "./progress.ts";
import { type CaseSnapshot, type FlowActor, type FlowEvent, parseTemplate } from "./snapshot.ts";

/**
 * The case flow as a pure function: (template, snapshot, action, actor, now, calendar) → the next snapshot and
 * the events to record. No I/O and no clock reads; the input snapshot is never changed. Refusals throw a
 * FlowError (FORBIDDEN, INVALID_STATE or VALIDATION, with a Chinese message) and nothing changes.
 * The rule table (who may do what, when) is in guards.ts; what the case itself must allow, in preconditions.ts.
 */
export function transition(
  template: TFlowTemplate,
  snapshot: CaseSnapshot,
  action: CaseAction,
  actor: FlowActor,
  now: Date,
  cal: WorkCalendar,
): { snapshot: CaseSnapshot; events: FlowEvent[] } {
  const t = validTemplate(template);
  if (snapshot.stepEntries.length !== t.steps.length) {
    throw new FlowError("VALIDATION", "办件状态与流程模板的环节数不一致");
  }
  const parsed = ZCaseAction.safeParse(action);
  if (!parsed.success) {
    throw new FlowError("VALIDATION", parsed.error.issues.map((i) => i.message).join("；"));
  }
  const a = parsed.data;
  assertAllowed(a.type, t, snapshot, actor);
  const today = toChinaDate(now);
  assertCaseAllows(a, t, snapshot, today);
  const s: Step = {
    template: t,
    snap: structuredClone(snapshot),
    actor,
    today,
    cal,
    events: [],
  };
  apply(s, a);
  return { snapshot: s.snap, events: s.events };
}

/*
 * A template is validated once per object: the runtime hands in the same (immutable) definition of an item
 * version for every action, so the zod parse is not repeated on the hot path. A template that fails is not
 * remembered and fails again.
 */
const VALID_TEMPLATES = new WeakMap<object, TFlowTemplate>();

function validTemplate(template: TFlowTemplate): TFlowTemplate {
  const hit = VALID_TEMPLATES.get(template);
  if (hit) return hit;
  const t = parseTemplate(template);
  VALID_TEMPLATES.set(template, t);
  return t;
}

type Handlers = { [K in CaseActionType]: (s: Step, a: Extract<TCaseAction, { type: K }>) => void };

const HANDLERS: Handlers = {
  receive: intake.receive,
  accept: intake.accept,
  refuse: intake.refuse,
  requestSupplement: intake.requestSupplement,
  supplement: intake.supplement,
  acceptWithDeficiency: intake.acceptWithDeficiency,
  deficiencyFulfilled: intake.deficiencyFulfilled,
  deficiencyExpired: intake.deficiencyExpired,
  commitmentApproval: intake.commitmentApproval,
  withdraw: intake.withdraw,
  review: progress.review,
  skip: progress.skip,
  startSpecialProcedure: progress.startSpecialProcedure,
  endSpecialProcedure: progress.endSpecialProcedure,
  extend: progress.extend,
  decide: progress.decide,
  conclude: progress.conclude,
  return: progress.returnCase,
  arbitrate: progress.arbitrate,
};

function apply(s: Step, a: TCaseAction): void {
  (HANDLERS[a.type] as (s: Step, a: TCaseAction) => void)(s, a);
}
