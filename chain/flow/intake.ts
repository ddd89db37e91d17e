import type { TCaseAction } from "./actions.ts";
import {
  acceptNow,
  closePauses,
  concludeIndex,
  emit,
  enterStep,
  refreshDeadlines,
  type Step,
} from "./context.ts";
import { FlowError } from "./flow-error.ts";

type Act<T extends TCaseAction["type"]> = Extract<TCaseAction, { type: T }>;

/** 网上申报/接件: a draft becomes a submitted application waiting for acceptance. */
export function receive(s: Step): void {
  s.snap.status = "submitted";
  s.snap.step = 0;
  s.snap.stepEntries[0] = 1;
  emit(s, "网上申报/接件", "receive", { by: s.actor.kind });
}

export function accept(s: Step): void {
  acceptNow(s, "accept");
}

/** 不予受理 (§32): the written decision must give the reason and the legal basis. */
export function refuse(s: Step, a: Act<"refuse">): void {
  s.snap.status = "refused";
  s.snap.resumeStatus = null;
  emit(s, "不予受理", "refuse", { reason: a.reason, legalBasis: a.legalBasis });
}

/**
 * 一次性补正告知 (§32): one notice lists everything. A later notice may only concern materials the applicant
 * changed in answer to an earlier one; otherwise it is still issued (the applicant needs it) but recorded as
 * the supervision violation 二次补正.
 */
export function requestSupplement(s: Step, a: Act<"requestSupplement">): void {
  const { snap } = s;
  const codes = a.items.map((i) => i.code);
  if (new Set(codes).size !== codes.length) throw new FlowError("VALIDATION", "补正告知中的材料不能重复");
  const changed = new Set(snap.supplementNotices.flatMap((n) => n.supplied ?? []));
  const unchanged = snap.supplementNotices.length > 0 ? codes.filter((c) => !changed.has(c)) : [];
  const afterAcceptance = snap.clock.acceptedOn !== null;
  snap.supplementNotices.push({ on: s.today, items: a.items, supplied: null, afterAcceptance });
  snap.resumeStatus = snap.status;
  snap.status = "supplement_requested";
  if (afterAcceptance)
    snap.clock.pauses.push({ kind: "supplement", from: s.today, to: null, reason: "补正告知" });
  const notice = snap.supplementNotices.length;
  emit(s, "补正告知", "requestSupplement", { notice, items: a.items, clockPaused: afterAcceptance });
  if (unchanged.length > 0) {
    emit(s, "补正告知", "repeatedSupplementNotice", { notice, unchangedItems: unchanged }, "二次补正");
  }
}

/** 补交: the applicant answers the open notice with some or all of the listed materials. */
export function supplement(s: Step, a: Act<"supplement">): void {
  const { snap } = s;
  const notice = snap.supplementNotices[snap.supplementNotices.length - 1]!;
  const listed = new Set(notice.items.map((i) => i.code));
  const extra = a.items.filter((i) => !listed.has(i.code)).map((i) => i.code);
  if (extra.length > 0) {
    throw new FlowError("VALIDATION", `只能补交补正告知所列的材料，以下材料未在告知中：${extra.join("、")}`);
  }
  notice.supplied = [...new Set(a.items.map((i) => i.code))];
  closePauses(s, "supplement");
  refreshDeadlines(s);
  snap.status = snap.resumeStatus ?? "submitted";
  snap.resumeStatus = null;
  emit(s, "补正受理", "supplement", {
    items: a.items,
    statutoryDeadline: snap.deadlines.statutory,
    promisedDeadline: snap.deadlines.promised,
  });
}

/** 容缺受理: accepted with a signed commitment to bring one material by a date within the promised time. */
export function acceptWithDeficiency(s: Step, a: Act<"acceptWithDeficiency">): void {
  acceptNow(s, "acceptWithDeficiency", { deficiency: { materialCode: a.materialCode, dueOn: a.dueOn } });
  const promised = s.snap.deadlines.promised!;
  if (a.dueOn < s.today || a.dueOn > promised) {
    throw new FlowError("VALIDATION", `容缺材料的补交期限应在 ${s.today} 至承诺办结期限 ${promised} 之间`);
  }
  s.snap.deficiency = { materialCode: a.materialCode, dueOn: a.dueOn, status: "open" };
}

/** The owed material (preconditions.ts has checked that one is open). */
const openDeficiency = (s: Step) => s.snap.deficiency!;

export function deficiencyFulfilled(s: Step, a: Act<"deficiencyFulfilled">): void {
  const d = openDeficiency(s);
  d.status = "fulfilled";
  emit(s, "补正受理", "deficiencyFulfilled", {
    materialCode: d.materialCode,
    materialId: a.materialId ?? null,
  });
}

/** The promised material did not come: the case terminates (no result is issued). */
export function deficiencyExpired(s: Step): void {
  const d = openDeficiency(s);
  d.status = "expired";
  closePauses(s);
  s.snap.status = "terminated";
  s.snap.resumeStatus = null;
  s.snap.concludedOn = s.today;
  emit(s, "办结", "deficiencyExpired", {
    terminated: true,
    reason: "容缺材料逾期未补交，办件终止",
    materialCode: d.materialCode,
    issueResult: false,
  });
}

/** 告知承诺: approved now on a written commitment; a verification task is due by `verifyBy`. */
export function commitmentApproval(s: Step, a: Act<"commitmentApproval">): void {
  if (a.verifyBy <= s.today) throw new FlowError("VALIDATION", "核查期限应晚于今天");
  if (s.snap.clock.acceptedOn === null) acceptNow(s, "accept", { commitment: true });
  const { snap } = s;
  snap.decision = { approve: true, reasons: a.commitmentText, basis: "commitment", on: s.today };
  snap.verification = { commitmentText: a.commitmentText, dueOn: a.verifyBy, status: "open" };
  snap.status = "decided";
  snap.arbitrationPending = false;
  enterStep(s, concludeIndex(s.template));
  emit(s, "决定", "commitmentApproval", {
    approve: true,
    basis: "告知承诺",
    commitmentText: a.commitmentText,
    verificationTask: { dueOn: a.verifyBy },
  });
}

/** 撤回: the applicant withdraws before acceptance. */
export function withdraw(s: Step, a: Act<"withdraw">): void {
  s.snap.status = "withdrawn";
  s.snap.resumeStatus = null;
  emit(s, "撤回", "withdraw", { reason: a.reason ?? "" });
}
