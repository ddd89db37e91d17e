import type { MessageKey, TFunction } from "../../i18n/index.ts";

/** Message keys of the actions the applicant's timeline shows; an unknown one (a newer engine) as stored. */
const ACTION_KEYS: Record<string, MessageKey> = {
  submit: "space.action.submit",
  receive: "space.action.receive",
  accept: "space.action.accept",
  refuse: "space.action.refuse",
  requestSupplement: "space.action.requestSupplement",
  supplement: "space.action.supplement",
  acceptWithDeficiency: "space.action.acceptWithDeficiency",
  deficiencyFulfilled: "space.action.deficiencyFulfilled",
  deficiencyExpired: "space.action.deficiencyExpired",
  commitmentApproval: "space.action.commitmentApproval",
  commitmentVerified: "space.action.commitmentVerified",
  commitmentBreached: "space.action.commitmentBreached",
  review: "space.action.review",
  skip: "space.action.skip",
  startSpecialProcedure: "space.action.startSpecialProcedure",
  endSpecialProcedure: "space.action.endSpecialProcedure",
  extend: "space.action.extend",
  decide: "space.action.decide",
  conclude: "space.action.conclude",
  return: "space.action.return",
  withdraw: "space.action.withdraw",
  arbitrate: "space.action.arbitrate",
  chainBlocked: "space.action.chainBlocked",
  chainCompleted: "space.action.chainCompleted",
};

const SPECIAL_KINDS: Record<string, MessageKey> = {
  hearing: "wb.special.hearing",
  inspection: "wb.special.inspection",
  testing: "wb.special.testing",
  expert_review: "wb.special.expert_review",
};

export function applicantActionLabel(t: TFunction, action: string): string {
  const key = Object.hasOwn(ACTION_KEYS, action) ? ACTION_KEYS[action] : undefined;
  return key ? t(key) : action;
}

/** The chain an event tells of (the chain notices, and a chain case's filing), when the details name one. */
export function chainOf(
  d: Record<string, unknown>,
): { instanceId: string; instanceNo: string; name: string } | null {
  const c = d.chain as { instanceId?: unknown; instanceNo?: unknown; name?: unknown } | null | undefined;
  if (typeof c?.instanceId !== "string" || typeof c.instanceNo !== "string") return null;
  return {
    instanceId: c.instanceId,
    instanceNo: c.instanceNo,
    name: typeof c.name === "string" ? c.name : "",
  };
}

function str(value: unknown): string | null {
  if (typeof value === "string" && value.trim() !== "") return value;
  if (typeof value === "number") return String(value);
  return null;
}

/**
 * The lines worth reading under one event: reasons, the listed materials with their problems, deadlines,
 * the decision. `details` is what the use case lets the applicant see (registry case-timeline TOLD).
 */
export function eventDetails(
  t: TFunction,
  action: string,
  d: Record<string, unknown>,
  materialName: (code: string) => string,
): string[] {
  const lines: string[] = [];
  const add = (key: MessageKey, vars?: Record<string, string | number>) => lines.push(t(key, vars));
  const chain = chainOf(d);
  if (chain && (action === "chainBlocked" || action === "chainCompleted"))
    add(action === "chainBlocked" ? "space.detail.chainBlocked" : "space.detail.chainCompleted", {
      name: chain.name,
      no: chain.instanceNo,
    });
  const items = Array.isArray(d.items) ? (d.items as { code?: unknown; problem?: unknown }[]) : [];
  if (action === "supplement" && items.length > 0) {
    add("space.detail.supplied", { names: items.map((i) => materialName(String(i.code))).join("、") });
  } else {
    for (const i of items) {
      add("space.detail.item", { name: materialName(String(i.code)), problem: str(i.problem) ?? "" });
    }
  }
  if (d.clockPaused === true) add("space.detail.clockPaused");
  const reason = str(d.reason);
  if (reason) add("space.detail.reason", { text: reason });
  const legalBasis = str(d.legalBasis);
  if (legalBasis) add("space.detail.legalBasis", { text: legalBasis });
  const kind = str(d.kind);
  if (kind) add("space.detail.special", { kind: SPECIAL_KINDS[kind] ? t(SPECIAL_KINDS[kind]) : kind });
  const outcome = str(d.outcome);
  if (outcome) add("space.detail.outcome", { text: outcome });
  if (typeof d.days === "number") add("space.detail.days", { days: d.days });
  if (action === "review" || action === "skip") {
    add(d.pass === false ? "space.detail.reviewReturned" : "space.detail.reviewPassed");
  }
  if (action === "decide" || action === "commitmentApproval") {
    add(d.approve === false ? "space.detail.deny" : "space.detail.approve");
  }
  const reasons = str(d.reasons);
  if (reasons) add("space.detail.reasons", { text: reasons });
  const commitmentText = str(d.commitmentText);
  if (commitmentText) add("space.detail.commitmentText", { text: commitmentText });
  const verifyBy = str((d.verificationTask as { dueOn?: unknown } | null | undefined)?.dueOn);
  if (verifyBy) add("space.detail.verifyBy", { date: verifyBy });
  if (action === "conclude" && typeof d.approved === "boolean") {
    add(d.approved ? "space.detail.concludedApproved" : "space.detail.concludedDenied");
  }
  const finding = str(d.finding);
  if (finding) add("space.detail.finding", { text: finding });
  const materialCode = str(d.materialCode);
  if (materialCode) add("space.detail.deficiency", { name: materialName(materialCode) });
  const dueOn = str(d.dueOn);
  if (dueOn) add("space.detail.dueOn", { date: dueOn });
  const promised = str(d.promisedDeadline);
  if (promised) add("space.detail.promisedDeadline", { date: promised });
  const statutory = str(d.statutoryDeadline);
  if (statutory) add("space.detail.statutoryDeadline", { date: statutory });
  return lines;
}
