import { toChinaDate, type WorkCalendar } from "../../registry/index.ts";

/*
 * The legal clock of one case (法定时限). Pure: the calendar and `now` are passed in.
 *
 * Counting rules, and why:
 * - Time limits count working days (行政许可法 §82). The acceptance day is not counted: counting starts on the
 *   next working day (§82 "期间开始之日不计算在内", as WorkCalendar.addWorkingDays does).
 * - Pauses (supplement notices, and the special procedures of §45: hearing, inspection, testing, expert review,
 *   "所需时间不计算在本节规定的期限内"): a working day D is excluded when `from < D <= to`. The day the pause
 *   starts was a day the department worked on the case (the notice or the hearing order went out), so it
 *   counts; the day the pause ends (the supplement arrives, the expert report comes back) is treated like the
 *   acceptance day, not counted, and counting resumes the next working day. A closed pause therefore moves both
 *   deadlines by `workingDaysBetween(from, to)` working days. An open pause (`to` null) excludes every day after
 *   `from`: the clock is frozen at `from`, and `deadlines()` reports the earliest possible deadlines (as if the
 *   pause ended on its `from` day); they move when the pause closes. Overlapping pauses are not double counted.
 * - Extensions (§42: "经本行政机关负责人批准，可以延长十日") add working days to the STATUTORY deadline only. The
 *   promised deadline (承诺时限) is the department's own public commitment, shorter than the statutory one; an
 *   extension the department approves for itself must not erase a broken promise from supervision, so the
 *   promised deadline does not move (the case still goes red against its promise).
 * - Red: past the promised deadline — a working day has been counted beyond it (remaining < 0), or the China
 *   date is after the deadline while the clock is running. For instant items (promisedDays 0) that means not
 *   concluded on the acceptance day. Yellow: usedFraction >= yellowAt. For a concluded case the runtime passes
 *   the conclusion instant as `now`, which freezes the status.
 * - A year missing from the calendar throws (WorkCalendar does); deadlines are never guessed.
 */

/** The clock of one case; dates are China calendar dates (YYYY-MM-DD). */
export interface ClockState {
  /** China date of acceptance; null before acceptance. */
  acceptedOn: string | null;
  statutoryDays: number;
  promisedDays: number;
  /** Fraction of the promised time after which a yellow warning is raised, e.g. 2/3. */
  yellowAt: number;
  pauses: ClockPause[];
  /** §42 extensions (+N working days with approval). */
  extensions: ClockExtension[];
}

/** A time during which the clock does not run (补正 or 特别程序, §45; a business chain blocked on the applicant). */
export interface ClockPause {
  kind: "supplement" | "special_procedure" | "chain_blocked";
  from: string;
  to: string | null;
  reason: string;
}

/** An approved extension of the statutory time limit (§42). */
export interface ClockExtension {
  days: number;
  approvedBy: string;
  on: string;
  reason: string;
}

/** The clock at one moment. */
export interface ClockStatus {
  usedWorkingDays: number;
  /** Working days left before the promised deadline; negative when overdue; null before acceptance. */
  remainingWorkingDays: number | null;
  /** Working days left before the statutory deadline (with extensions); null before acceptance. */
  statutoryRemainingWorkingDays: number | null;
  usedFraction: number;
  level: "none" | "yellow" | "red";
  paused: boolean;
  pausedWorkingDays: number;
}

/** A new clock, not yet started. */
export function newClock(statutoryDays: number, promisedDays: number, yellowAt = 2 / 3): ClockState {
  return { acceptedOn: null, statutoryDays, promisedDays, yellowAt, pauses: [], extensions: [] };
}

/** Whether working day `day` (after acceptance) is excluded by a pause. */
function isPaused(pauses: readonly ClockPause[], day: string, openAsClosed: boolean): boolean {
  return pauses.some((p) => {
    const to = p.to ?? (openAsClosed ? p.from : null);
    return day > p.from && (to === null || day <= to);
  });
}

/** The date on which `n` counted (working, not paused) days after acceptance have elapsed. */
function nthCountedDay(
  cal: WorkCalendar,
  acceptedOn: string,
  n: number,
  pauses: readonly ClockPause[],
): string {
  let day = acceptedOn;
  let counted = 0;
  while (counted < n) {
    day = cal.nextWorkingDay(day);
    if (!isPaused(pauses, day, true)) counted += 1;
  }
  return day;
}

function extensionDays(c: ClockState): number {
  return c.extensions.reduce((sum, e) => sum + e.days, 0);
}

/** The statutory (with extensions) and promised deadlines; both null before acceptance. */
export function deadlines(
  cal: WorkCalendar,
  c: ClockState,
): { statutory: string | null; promised: string | null } {
  if (c.acceptedOn === null) return { statutory: null, promised: null };
  return {
    statutory: nthCountedDay(cal, c.acceptedOn, c.statutoryDays + extensionDays(c), c.pauses),
    promised: nthCountedDay(cal, c.acceptedOn, c.promisedDays, c.pauses),
  };
}

/** Used and remaining working days, the warning level and whether the clock is paused, at `now`. */
export function clockStatus(cal: WorkCalendar, c: ClockState, now: Date): ClockStatus {
  const today = toChinaDate(now);
  const paused = c.pauses.some((p) => p.from <= today && (p.to === null || p.to > today));
  if (c.acceptedOn === null) {
    return {
      usedWorkingDays: 0,
      remainingWorkingDays: null,
      statutoryRemainingWorkingDays: null,
      usedFraction: 0,
      level: "none",
      paused,
      pausedWorkingDays: 0,
    };
  }
  let used = 0;
  let pausedDays = 0;
  for (let day = cal.nextWorkingDay(c.acceptedOn); day <= today; day = cal.nextWorkingDay(day)) {
    if (isPaused(c.pauses, day, false)) pausedDays += 1;
    else used += 1;
  }
  const remaining = c.promisedDays - used;
  const statutoryRemaining = c.statutoryDays + extensionDays(c) - used;
  const promisedDeadline = nthCountedDay(cal, c.acceptedOn, c.promisedDays, c.pauses);
  const pastDate = !paused && today > promisedDeadline;
  const usedFraction =
    c.promisedDays === 0 ? (used > 0 || today > c.acceptedOn ? 1 : 0) : used / c.promisedDays;
  // The epsilon keeps "exactly 2/3" yellow whatever the rounding of used / promisedDays.
  const level = remaining < 0 || pastDate ? "red" : usedFraction + 1e-9 >= c.yellowAt ? "yellow" : "none";
  return {
    usedWorkingDays: used,
    remainingWorkingDays: remaining,
    statutoryRemainingWorkingDays: statutoryRemaining,
    usedFraction,
    level,
    paused,
    pausedWorkingDays: pausedDays,
  };
}
