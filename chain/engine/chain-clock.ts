import { toChinaDate, type WorkCalendar } from "../../registry/index.ts";
import { type ClockState, clockStatus, deadlines } from "../time/index.ts";
import type { ChainSnapshot } from "./plan.ts";

/*
 * The clock of a whole chain (一件事的承诺时限). Pure. The chain promises `promiseDays` working days from the day
 * it is submitted (counting from the next working day, as for cases, §82), either a promise set on the chain
 * (企业开办 in 1) or the critical path of its items' promised days. The days the chain is blocked waiting for the
 * applicant to amend a denied item do not count (they are pauses, like a supplement notice on a case).
 *
 * Each stage gets a share of the promise: the critical path scaled to the promise, and the stage's latest finish
 * along it (its due date); each department's share is the due date of the stage its item is in. Yellow/red
 * follow the case rules: red past the promise, yellow from 2/3 of it; a stage is red when it is not done by its
 * due date (or was done after it).
 */

export interface ChainStageForClock {
  key: string;
  after: string[];
  items: string[];
}

export interface ChainClockView {
  startedOn: string;
  promiseDays: number;
  deadline: string;
  remainingWorkingDays: number;
  usedWorkingDays: number;
  level: "none" | "yellow" | "red";
  paused: boolean;
  stages: Record<string, { shareDays: number; dueOn: string; level: "none" | "yellow" | "red" }>;
}

export function chainClock(
  cal: WorkCalendar,
  def: {
    stages: readonly ChainStageForClock[];
    items: Record<string, { promisedDays: number }>;
    effectivePromiseDays: number;
    criticalPathDays: number;
  },
  s: ChainSnapshot,
  now: Date,
  yellowAt = 2 / 3,
): ChainClockView {
  const clock: ClockState = {
    acceptedOn: s.startedOn,
    statutoryDays: def.effectivePromiseDays,
    promisedDays: def.effectivePromiseDays,
    yellowAt,
    pauses: s.pauses.map((p) => ({ kind: "chain_blocked", from: p.from, to: p.to, reason: p.reason })),
    extensions: [],
  };
  // A finished chain's clock stops on the day it ended.
  const at = s.endedOn ? endOfChinaDay(s.endedOn) : now;
  const status = clockStatus(cal, clock, at);
  const deadline = deadlines(cal, clock).promised as string;
  const scale = def.criticalPathDays === 0 ? 0 : def.effectivePromiseDays / def.criticalPathDays;
  const days = (k: string) =>
    Math.max(
      0,
      ...(def.stages.find((x) => x.key === k)?.items ?? []).map((c) => def.items[c]?.promisedDays ?? 0),
    );
  // Latest finish of each stage: the promise less the longest scaled path after it.
  const tail = new Map<string, number>();
  const after = (k: string): number => {
    const known = tail.get(k);
    if (known !== undefined) return known;
    const next = def.stages.filter((x) => x.after.includes(k));
    const t = Math.max(0, ...next.map((x) => days(x.key) + after(x.key)));
    tail.set(k, t);
    return t;
  };
  const today = s.endedOn ?? toChinaDate(now);
  const stages: ChainClockView["stages"] = {};
  for (const st of def.stages) {
    const latest = Math.max(0, Math.floor(def.effectivePromiseDays - after(st.key) * scale + 1e-9));
    const dueOn = deadlines(cal, { ...clock, promisedDays: latest }).promised as string;
    const state = s.stages[st.key];
    const finishedOn = state?.doneOn ?? null;
    const level =
      finishedOn !== null
        ? finishedOn > dueOn
          ? "red"
          : "none"
        : state?.status === "running" && s.status !== "withdrawn"
          ? today > dueOn
            ? "red"
            : today === dueOn
              ? "yellow"
              : "none"
          : "none";
    stages[st.key] = { shareDays: Math.round(days(st.key) * scale * 10) / 10, dueOn, level };
  }
  return {
    startedOn: s.startedOn,
    promiseDays: def.effectivePromiseDays,
    deadline,
    remainingWorkingDays: status.remainingWorkingDays ?? def.effectivePromiseDays,
    usedWorkingDays: status.usedWorkingDays,
    level: status.level,
    paused: status.paused,
    stages,
  };
}

/** 23:59 China time of a China date, as an instant. */
function endOfChinaDay(day: string): Date {
  return new Date(`${day}T23:59:00+08:00`);
}
