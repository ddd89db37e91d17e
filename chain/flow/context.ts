import type { StageCode, TFlowTemplate, WorkCalendar } from "../../registry/index.ts";
import { deadlines } from "../time/index.ts";
import type { CaseSnapshot, FlowActor, FlowEvent } from "./snapshot.ts";
import { stepKind } from "./snapshot.ts";

/** One transition in progress: a private copy of the snapshot that handlers change, and the events so far. */
export interface Step {
  template: TFlowTemplate;
  snap: CaseSnapshot;
  actor: FlowActor;
  /** The China date of `now`. */
  today: string;
  cal: WorkCalendar;
  events: FlowEvent[];
}

export function emit(
  s: Step,
  stage: StageCode,
  action: string,
  payload: Record<string, unknown>,
  violation?: string,
) {
  s.events.push(violation ? { stage, action, payload, violation } : { stage, action, payload });
}

/** Re-entries into one step that send the case to arbitration (the seeds: "循环次数达1次以上"). */
export const ARBITRATION_REENTRIES = 2;

/** The status of an accepted, undecided case at step `index`. */
export function statusAt(template: TFlowTemplate, index: number): "accepted" | "in_review" {
  return stepKind(template, index) === "review" ? "in_review" : "accepted";
}

/** Moves the case into step `index`, counting the entry; the second re-entry asks for arbitration. */
export function enterStep(s: Step, index: number): void {
  const { snap, template } = s;
  snap.step = index;
  snap.stepEntries[index] = (snap.stepEntries[index] ?? 0) + 1;
  if (snap.decision === null) snap.status = statusAt(template, index);
  const reentries = snap.stepEntries[index]! - 1;
  if (reentries >= ARBITRATION_REENTRIES) {
    snap.arbitrationPending = true;
    emit(s, "审查", "arbitrationRequested", {
      step: template.steps[index]!.code,
      stepName: template.steps[index]!.name,
      reentries,
    });
  }
}

/** Recomputes the deadlines from the clock (after acceptance, a closed pause or an extension). */
export function refreshDeadlines(s: Step): void {
  s.snap.deadlines = deadlines(s.cal, s.snap.clock);
}

/** Closes the open pauses (of one kind, or all), on today. */
export function closePauses(s: Step, kind?: "supplement" | "special_procedure"): void {
  for (const p of s.snap.clock.pauses) {
    if (p.to === null && (kind === undefined || p.kind === kind)) p.to = s.today;
  }
  for (const sp of s.snap.specialProcedures) {
    if (sp.to === null && (kind === undefined || kind === "special_procedure")) sp.to = s.today;
  }
}

/** Starts the clock: acceptance on today, deadlines fixed, the case moves to the step after 受理. */
export function acceptNow(s: Step, how: string, extra: Record<string, unknown> = {}): void {
  s.snap.clock.acceptedOn = s.today;
  refreshDeadlines(s);
  enterStep(s, 1);
  emit(s, "受理", how, {
    statutoryDays: s.snap.clock.statutoryDays,
    promisedDays: s.snap.clock.promisedDays,
    statutoryDeadline: s.snap.deadlines.statutory,
    promisedDeadline: s.snap.deadlines.promised,
    ...extra,
  });
}

/** The index of the conclude step, or the last step when the flow has none. */
export function concludeIndex(template: TFlowTemplate): number {
  const i = template.steps.findIndex((st) => st.code === "conclude");
  return i === -1 ? template.steps.length - 1 : i;
}
