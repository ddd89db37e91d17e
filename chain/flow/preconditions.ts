import type { TFlowTemplate } from "../../registry/index.ts";
import { CASE_ACTION_TYPES, type CaseActionType, type TCaseAction } from "./actions.ts";
import { FlowError } from "./flow-error.ts";
import { ruleRefusal } from "./guards.ts";
import { type CaseSnapshot, type FlowActor, stepKind } from "./snapshot.ts";

/*
 * Refusals that depend on the case (its step, what is open, today) but not on the action's input. The rule
 * table (guards.ts) says which statuses and roles may act; these say whether the case, as it stands, lets the
 * action through. `transition` checks them after the rule table, and `allowedActions` lists exactly the
 * actions that pass both, so a page or an API client is never offered an action the engine refuses for the
 * case alone. Input-dependent checks (a due date, a supplement list) stay in the handlers.
 */

/** Why the case refuses the action (the parsed one, or, without it, every action of the type); null: it does not. */
type Check = (t: TFlowTemplate, s: CaseSnapshot, today: string, a?: TCaseAction) => string | null;

/** 审查通过: only at a review-like step (the decide step decides). */
const reviewPassRefusal: Check = (t, s) =>
  stepKind(t, s.step) === "review" ? null : "决定环节请作出决定，不能以审查通过流转";

/** 审查退回: from a review-like or the decide step, to a previous step other than 受理. */
const reviewReturnRefusal: Check = (t, s) => {
  const kind = stepKind(t, s.step);
  if (kind !== "review" && kind !== "decide") return "当前环节不能退回";
  if (s.step - 1 < 1) return "不能退回受理环节，请发出补正告知或退件";
  return null;
};

const openDeficiency: Check = (_t, s) =>
  s.deficiency?.status === "open" ? null : "该办件没有待补交的容缺材料";

const CHECKS: Partial<Record<CaseActionType, Check>> = {
  supplement: (_t, s) => {
    const notice = s.supplementNotices[s.supplementNotices.length - 1];
    return notice && notice.supplied === null ? null : "没有待答复的补正告知";
  },
  deficiencyFulfilled: openDeficiency,
  deficiencyExpired: (t, s, today) =>
    openDeficiency(t, s, today) ??
    (today <= s.deficiency!.dueOn ? `容缺材料补交期限 ${s.deficiency!.dueOn} 尚未届满` : null),
  // Pass and return are one action type: listed while either is possible (at the decide step only the
  // return to the review step before it is).
  review: (t, s, today, a) => {
    if (a?.type === "review") return (a.pass ? reviewPassRefusal : reviewReturnRefusal)(t, s, today);
    const pass = reviewPassRefusal(t, s, today);
    return pass && reviewReturnRefusal(t, s, today) ? pass : null;
  },
  skip: (t, s) => {
    const step = t.steps[s.step]!;
    return step.skippable ? null : `环节“${step.name}”不可跳过`;
  },
  endSpecialProcedure: (_t, s) =>
    s.specialProcedures.some((p) => p.to === null) ? null : "没有进行中的特别程序",
  extend: (_t, s, today) => {
    if (s.clock.extensions.length > 0) return "法定期限只能延长一次";
    if (s.deadlines.statutory !== null && today > s.deadlines.statutory) return "法定期限已届满，不能再延长";
    return null;
  },
  decide: (t, s) => {
    const kind = stepKind(t, s.step);
    const hasDecide = t.steps.some((st) => st.code === "decide");
    return kind === "decide" || (kind === "conclude" && !hasDecide) ? null : "当前环节不能作出决定";
  },
  conclude: (_t, s) =>
    s.deficiency?.status === "open" ? `容缺材料（${s.deficiency.materialCode}）尚未补齐，不能办结` : null,
};

/**
 * Throws INVALID_STATE when the case, as it stands on `today`, does not let `action` (a parsed action, or any
 * action of a type) through.
 */
export function assertCaseAllows(
  action: TCaseAction | CaseActionType,
  template: TFlowTemplate,
  snap: CaseSnapshot,
  today: string,
): void {
  const a = typeof action === "string" ? undefined : action;
  const why = CHECKS[a?.type ?? (action as CaseActionType)]?.(template, snap, today, a);
  if (why) throw new FlowError("INVALID_STATE", why);
}

/**
 * The action types `actor` may perform on the case on `today`, in the order of the rule table: exactly those
 * that pass the rule table and the case checks above, the same two checks `transition` makes before it looks
 * at the action's input.
 */
export function allowedActions(
  template: TFlowTemplate,
  snap: CaseSnapshot,
  actor: FlowActor,
  today: string,
): CaseActionType[] {
  // The same checks as assertAllowed and assertCaseAllows, without throwing (a page asks for all 19 types).
  return CASE_ACTION_TYPES.filter(
    (type) => ruleRefusal(type, template, snap, actor) === null && !CHECKS[type]?.(template, snap, today),
  );
}
