import type { CaseStatus, TFlowTemplate } from "../../registry/index.ts";
import type { CaseActionType } from "./actions.ts";
import { FlowError } from "./flow-error.ts";
import type { CaseSnapshot, FlowActor } from "./snapshot.ts";

/*
 * Who may do what, and when. Checked in this order: the action's shape (VALIDATION, in transition), then the
 * state (INVALID_STATE), then the actor (FORBIDDEN), then the action against the case (VALIDATION / INVALID_STATE).
 *
 * | action                | statuses                                                    | who                                | notes |
 * |-----------------------|-------------------------------------------------------------|------------------------------------|-------|
 * | receive               | draft                                                       | the applicant, or accept-step role | 网上申报/接件 |
 * | accept                | submitted                                                   | accept-step role (clerk)           | starts the clock, fixes deadlines |
 * | refuse                | submitted, supplement_requested (before acceptance)         | accept-step role                   | reason + legal basis |
 * | requestSupplement     | submitted, accepted, in_review                              | current-step role                  | after acceptance pauses the clock; 2nd notice on unchanged items = violation 二次补正 |
 * | supplement            | supplement_requested                                        | the applicant                      | only the listed items; resumes the clock |
 * | acceptWithDeficiency  | submitted                                                   | accept-step role                   | 容缺: due date within the promised time |
 * | deficiencyFulfilled   | accepted, in_review, special_procedure, supplement_req., decided | accept-step role              | needs an open deficiency |
 * | deficiencyExpired     | same                                                        | system                             | after the due date; terminates the case |
 * | commitmentApproval    | submitted, accepted, in_review                              | accept-step role or approver       | 告知承诺: approve now + verification task |
 * | review                | in_review (pass/return), accepted (return from decide)      | current-step role                  | return goes to the previous step (not to 受理) |
 * | skip                  | in_review                                                   | current-step role                  | only a skippable step |
 * | startSpecialProcedure | accepted, in_review                                         | current-step role or approver      | §45: pauses the clock |
 * | endSpecialProcedure   | special_procedure                                           | current-step role or approver      | resumes the clock |
 * | extend                | accepted, in_review, special_procedure, supplement_requested (after acceptance) | approver   | §42: once, ≤ 10 days unless another law |
 * | decide                | accepted (at the decide step, or the conclude step of a flow without one) | current-step role | |
 * | conclude              | decided                                                     | current-step role                  | not while a 容缺 material is owed |
 * | return                | submitted, supplement_requested, accepted, in_review        | current-step role or approver      | 退件 |
 * | withdraw              | draft, submitted, supplement_requested (before acceptance)  | the applicant                      | 撤回 |
 * | arbitrate             | accepted, in_review with arbitration pending                | approver                           | pass: next step; fail: 退件 |
 *
 * While arbitration is pending only arbitrate, extend, deficiencyFulfilled and deficiencyExpired are allowed.
 * "accepted" means accepted and waiting for the decision; "in_review" means at a review-like step.
 */

type Who =
  | "applicantOrAcceptRole"
  | "acceptRole"
  | "stepRole"
  | "stepRoleOrApprover"
  | "acceptRoleOrApprover"
  | "applicant"
  | "system"
  | "approver";

interface Rule {
  statuses: readonly CaseStatus[];
  who: Who;
  /** true: only after acceptance; false: only before. */
  accepted?: boolean;
  duringArbitration?: boolean;
}

const AFTER_ACCEPTANCE: readonly CaseStatus[] = [
  "accepted",
  "in_review",
  "special_procedure",
  "supplement_requested",
  "decided",
];

/** The rule table above, as data. */
export const ACTION_RULES: Record<CaseActionType, Rule> = {
  receive: { statuses: ["draft"], who: "applicantOrAcceptRole" },
  accept: { statuses: ["submitted"], who: "acceptRole" },
  refuse: { statuses: ["submitted", "supplement_requested"], who: "acceptRole", accepted: false },
  requestSupplement: { statuses: ["submitted", "accepted", "in_review"], who: "stepRole" },
  supplement: { statuses: ["supplement_requested"], who: "applicant" },
  acceptWithDeficiency: { statuses: ["submitted"], who: "acceptRole" },
  deficiencyFulfilled: {
    statuses: AFTER_ACCEPTANCE,
    who: "acceptRole",
    accepted: true,
    duringArbitration: true,
  },
  deficiencyExpired: { statuses: AFTER_ACCEPTANCE, who: "system", accepted: true, duringArbitration: true },
  commitmentApproval: { statuses: ["submitted", "accepted", "in_review"], who: "acceptRoleOrApprover" },
  review: { statuses: ["in_review", "accepted"], who: "stepRole" },
  skip: { statuses: ["in_review"], who: "stepRole" },
  startSpecialProcedure: { statuses: ["accepted", "in_review"], who: "stepRoleOrApprover" },
  endSpecialProcedure: { statuses: ["special_procedure"], who: "stepRoleOrApprover" },
  extend: {
    statuses: ["accepted", "in_review", "special_procedure", "supplement_requested"],
    who: "approver",
    accepted: true,
    duringArbitration: true,
  },
  decide: { statuses: ["accepted"], who: "stepRole" },
  conclude: { statuses: ["decided"], who: "stepRole" },
  return: {
    statuses: ["submitted", "supplement_requested", "accepted", "in_review"],
    who: "stepRoleOrApprover",
  },
  withdraw: { statuses: ["draft", "submitted", "supplement_requested"], who: "applicant", accepted: false },
  arbitrate: { statuses: ["accepted", "in_review"], who: "approver", duringArbitration: true },
};

/** Chinese names of the statuses, for messages. */
export const STATUS_NAMES: Record<CaseStatus, string> = {
  draft: "待接件",
  submitted: "待受理",
  supplement_requested: "待补正",
  accepted: "待决定",
  in_review: "审查中",
  special_procedure: "特别程序中",
  decided: "已决定",
  concluded: "已办结",
  refused: "不予受理",
  returned: "已退件",
  withdrawn: "已撤回",
  terminated: "已终止",
};

/** Chinese names of the actions, for messages. */
export const ACTION_NAMES: Record<CaseActionType, string> = {
  receive: "接件",
  accept: "受理",
  refuse: "不予受理",
  requestSupplement: "补正告知",
  supplement: "补交材料",
  acceptWithDeficiency: "容缺受理",
  deficiencyFulfilled: "确认容缺材料补齐",
  deficiencyExpired: "容缺逾期终止",
  commitmentApproval: "告知承诺审批",
  review: "审查",
  skip: "跳过环节",
  startSpecialProcedure: "启动特别程序",
  endSpecialProcedure: "结束特别程序",
  extend: "延长期限",
  decide: "作出决定",
  conclude: "办结",
  return: "退件",
  withdraw: "撤回申请",
  arbitrate: "仲裁",
};

const APPROVER = "approver";

function mayAct(who: Who, template: TFlowTemplate, snap: CaseSnapshot, actor: FlowActor): boolean {
  const staffWith = (role: string | undefined) =>
    actor.kind === "staff" && role !== undefined && actor.roles.includes(role);
  const acceptRole = template.steps[0]?.role;
  const stepRole = template.steps[snap.step]?.role;
  const isApplicant = actor.kind === "applicant" && actor.id === snap.applicantId;
  switch (who) {
    case "applicant":
      return isApplicant;
    case "applicantOrAcceptRole":
      return isApplicant || staffWith(acceptRole);
    case "acceptRole":
      return staffWith(acceptRole);
    case "acceptRoleOrApprover":
      return staffWith(acceptRole) || staffWith(APPROVER);
    case "stepRole":
      return staffWith(stepRole);
    case "stepRoleOrApprover":
      return staffWith(stepRole) || staffWith(APPROVER);
    case "approver":
      return staffWith(APPROVER);
    case "system":
      return actor.kind === "system";
  }
}

/** Why the rule table refuses `type` to `actor` now (code and Chinese message), or null when it allows it. */
export function ruleRefusal(
  type: CaseActionType,
  template: TFlowTemplate,
  snap: CaseSnapshot,
  actor: FlowActor,
): { code: "INVALID_STATE" | "FORBIDDEN"; message: string } | null {
  const rule = ACTION_RULES[type];
  const refuse = (why = "") => ({
    code: "INVALID_STATE" as const,
    message: `办件${STATUS_NAMES[snap.status]}${why}，不能${ACTION_NAMES[type]}`,
  });
  if (!rule.statuses.includes(snap.status)) return refuse();
  const accepted = snap.clock.acceptedOn !== null;
  if (rule.accepted === true && !accepted) return refuse("（尚未受理）");
  if (rule.accepted === false && accepted) return refuse("（已受理）");
  if (snap.arbitrationPending && !rule.duringArbitration) return refuse("（待审批人仲裁）");
  if (type === "arbitrate" && !snap.arbitrationPending) return refuse("（无待仲裁事项）");
  if (!mayAct(rule.who, template, snap, actor)) {
    return { code: "FORBIDDEN", message: `${actor.name}无权${ACTION_NAMES[type]}` };
  }
  return null;
}

/** Throws unless `actor` may do `type` to the case in its present state. */
export function assertAllowed(
  type: CaseActionType,
  template: TFlowTemplate,
  snap: CaseSnapshot,
  actor: FlowActor,
): void {
  const r = ruleRefusal(type, template, snap, actor);
  if (r) throw new FlowError(r.code, r.message);
}
