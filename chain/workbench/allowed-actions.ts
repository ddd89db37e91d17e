import type { TFlowTemplate } from "../../registry/index.ts";
import {
  assertAllowed,
  CASE_ACTION_TYPES,
  type CaseActionType,
  type CaseSnapshot,
  type FlowActor,
  FlowError,
  stepKind,
} from "../flow/index.ts";

/*
 * Besides the rule table (state and role), a few refusals of the handlers depend on the case alone, not on
 * the input; applying them here keeps forms off the page that could only fail. Input-dependent checks (a due
 * date, a supplement list) stay with the engine, which explains itself when refused.
 */
const CASE_CHECKS: Partial<Record<CaseActionType, (t: TFlowTemplate, s: CaseSnapshot) => boolean>> = {
  skip: (t, s) => t.steps[s.step]?.skippable === true,
  deficiencyFulfilled: (_t, s) => s.deficiency?.status === "open",
  conclude: (_t, s) => s.deficiency?.status !== "open",
  extend: (_t, s) => s.clock.extensions.length === 0,
  decide: (t, s) => {
    const kind = stepKind(t, s.step);
    return kind === "decide" || (kind === "conclude" && !t.steps.some((st) => st.code === "decide"));
  },
  endSpecialProcedure: (_t, s) => s.specialProcedures.some((p) => p.to === null),
};

/** The action types `actor` may perform on the case now, in the order of the rule table. */
export function allowedActionsFor(
  template: TFlowTemplate,
  snap: CaseSnapshot,
  actor: FlowActor,
): CaseActionType[] {
  return CASE_ACTION_TYPES.filter((type) => {
    try {
      assertAllowed(type, template, snap, actor);
    } catch (e) {
      if (e instanceof FlowError) return false;
      throw e;
    }
    return CASE_CHECKS[type]?.(template, snap) ?? true;
  });
}
