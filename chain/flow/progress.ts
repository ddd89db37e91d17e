import type { TCaseAction } from "./actions.ts";
import { closePauses, concludeIndex, emit, enterStep, refreshDeadlines, type Step } from "./context.ts";
import { FlowError } from "./flow-error.ts";
import { stepKind } from "./snapshot.ts";

type Act<T extends TCaseAction["type"]> = Extract<TCaseAction, { type: T }>;

/** §42: one extension of at most 10 working days, unless another law allows more. */
export const MAX_EXTENSION_DAYS = 10;

function stepInfo(s: Step, index = s.snap.step) {
  const st = s.template.steps[index]!;
  return { step: st.code, stepName: st.name };
}

/** 审查: pass to the next step, or return to the previous one with a reason (counted by the loop guard). */
export function review(s: Step, a: Act<"review">): void {
  const from = stepInfo(s);
  if (a.pass) {
    enterStep(s, s.snap.step + 1);
    emit(s, "审查", "review", { ...from, pass: true, opinion: a.opinion ?? "", to: stepInfo(s).step });
    return;
  }
  const prev = s.snap.step - 1;
  // Event first: an arbitration request raised by entering the previous step follows it.
  emit(s, "审查", "review", { ...from, pass: false, reason: a.reason, to: s.template.steps[prev]!.code });
  enterStep(s, prev);
}

export function skip(s: Step, a: Act<"skip">): void {
  const from = stepInfo(s);
  enterStep(s, s.snap.step + 1);
  emit(s, "审查", "skip", { ...from, reason: a.reason, to: stepInfo(s).step });
}

/** 特别程序 (§45): the clock pauses and the applicant is told. */
export function startSpecialProcedure(s: Step, a: Act<"startSpecialProcedure">): void {
  const { snap } = s;
  snap.specialProcedures.push({ kind: a.kind, reason: a.reason, from: s.today, to: null, outcome: null });
  snap.clock.pauses.push({ kind: "special_procedure", from: s.today, to: null, reason: a.reason });
  snap.resumeStatus = snap.status;
  snap.status = "special_procedure";
  emit(s, "特别程序申请", "startSpecialProcedure", { kind: a.kind, reason: a.reason, notifyApplicant: true });
}

export function endSpecialProcedure(s: Step, a: Act<"endSpecialProcedure">): void {
  const { snap } = s;
  const open = snap.specialProcedures.find((p) => p.to === null)!;
  open.outcome = a.outcome;
  closePauses(s, "special_procedure");
  refreshDeadlines(s);
  snap.status = snap.resumeStatus ?? "in_review";
  snap.resumeStatus = null;
  emit(s, "特别程序结果", "endSpecialProcedure", {
    kind: open.kind,
    outcome: a.outcome,
    excludedWorkingDays: s.cal.workingDaysBetween(open.from, s.today),
    statutoryDeadline: snap.deadlines.statutory,
    promisedDeadline: snap.deadlines.promised,
    notifyApplicant: true,
  });
}

/** §42 延期: moves the statutory deadline only (see chain/time for why the promise does not move). */
export function extend(s: Step, a: Act<"extend">): void {
  const { snap } = s;
  if (a.days > MAX_EXTENSION_DAYS && !a.otherLaw) {
    throw new FlowError("VALIDATION", "延长期限不得超过 10 个工作日（法律、法规另有规定的，请注明依据）");
  }
  snap.clock.extensions.push({ days: a.days, approvedBy: a.approvedBy, on: s.today, reason: a.reason });
  refreshDeadlines(s);
  emit(s, "审查", "extend", {
    days: a.days,
    approvedBy: a.approvedBy,
    reason: a.reason,
    otherLaw: a.otherLaw ?? null,
    statutoryDeadline: snap.deadlines.statutory,
  });
}

/** 决定: at the decide step, or at the conclude step of a flow that has no decide step (即办件). */
export function decide(s: Step, a: Act<"decide">): void {
  const { snap, template } = s;
  snap.decision = { approve: a.approve, reasons: a.reasons, basis: "review", on: s.today };
  snap.status = "decided";
  const next = concludeIndex(template);
  if (next !== snap.step) enterStep(s, next);
  emit(s, "决定", "decide", { approve: a.approve, reasons: a.reasons });
}

/** 办结: the runtime allocates the result number when `issueResult` is true. */
export function conclude(s: Step): void {
  const { snap } = s;
  const approved = snap.decision?.approve === true;
  snap.status = "concluded";
  snap.concludedOn = s.today;
  emit(s, "办结", "conclude", {
    approved,
    issueResult: approved && snap.issuesResult,
    verificationTask: snap.verification ? { dueOn: snap.verification.dueOn } : null,
  });
}

/** 退件: the application goes back to the applicant unhandled; any pause ends today. */
export function returnCase(s: Step, a: Act<"return">): void {
  closePauses(s);
  s.snap.status = "returned";
  s.snap.resumeStatus = null;
  emit(s, "退件", "return", { reason: a.reason });
}

/**
 * 仲裁 after the loop guard fired: pass moves on to the next step (at the decide step: the decision may now be
 * taken) and settles the loop, so every visited step counts as entered once again; fail returns the case (退件),
 * as the seeds prescribe ("仲裁通过直接进行到下一个环节，不通过则做退件处理").
 */
export function arbitrate(s: Step, a: Act<"arbitrate">): void {
  const { snap, template } = s;
  snap.arbitrationPending = false;
  const at = stepInfo(s);
  if (!a.pass) {
    s.snap.status = "returned";
    emit(s, "退件", "arbitrate", { ...at, pass: false, reason: a.reason });
    return;
  }
  snap.stepEntries = snap.stepEntries.map((n) => Math.min(n, 1));
  const next = stepKind(template, snap.step) === "review" ? snap.step + 1 : snap.step;
  emit(s, "审查", "arbitrate", { ...at, pass: true, reason: a.reason, to: template.steps[next]!.code });
  if (next !== snap.step) enterStep(s, next);
}
