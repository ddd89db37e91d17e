import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCalendarCsv, WorkCalendar } from "../../registry/calendar/work-calendar.ts";
import { type ClockPause, type ClockState, clockStatus, deadlines, newClock } from "./case-clock.ts";

// The real State Council notices for 2025 and 2026, as bundled with the registry.
const csv = readFileSync(
  new URL("../../registry/calendar/data/work-calendar-cn.csv", import.meta.url),
  "utf8",
);
const cal = new WorkCalendar(parseCalendarCsv(csv));

/** 10:00 China time on a China date. */
const at = (date: string, time = "10:00") => new Date(`${date}T${time}:00+08:00`);

function clock(
  acceptedOn: string | null,
  promisedDays: number,
  statutoryDays: number,
  more: Partial<ClockState> = {},
): ClockState {
  return { ...newClock(statutoryDays, promisedDays), acceptedOn, ...more };
}
const supplement = (from: string, to: string | null): ClockPause => ({
  kind: "supplement",
  from,
  to,
  reason: "补正材料",
});

describe("deadlines", () => {
  it.each([
    // [why, acceptedOn, promised, statutory, pauses, extensions, promisedDeadline, statutoryDeadline]
    ["plain March weeks", "2026-03-02", 5, 20, [], 0, "2026-03-09", "2026-03-30"],
    [
      "spans the 2026 Spring Festival (02-14 worked, 02-15..23 off)",
      "2026-02-12",
      5,
      20,
      [],
      0,
      "2026-02-26",
      "2026-03-18",
    ],
    ["make-up Saturday 2026-02-28 counts", "2026-02-27", 1, 1, [], 0, "2026-02-28", "2026-02-28"],
    ["make-up Sunday 2026-09-20 counts", "2026-09-18", 3, 3, [], 0, "2026-09-22", "2026-09-22"],
    ["Mid-Autumn 09-25..27 is skipped", "2026-09-24", 2, 2, [], 0, "2026-09-29", "2026-09-29"],
    ["National Day, then make-up Saturday 2026-10-10", "2026-09-30", 3, 3, [], 0, "2026-10-10", "2026-10-10"],
    ["Qingming 04-04..06 is skipped", "2026-04-02", 2, 2, [], 0, "2026-04-07", "2026-04-07"],
    [
      "supplement pause 02-12..02-25 across the Spring Festival moves both by 4 working days",
      "2026-02-10",
      10,
      20,
      [supplement("2026-02-12", "2026-02-25")],
      0,
      "2026-03-06",
      "2026-03-20",
    ],
    [
      "expert review 03-04..03-11 (5 working days) plus a 10-day extension of the statutory limit only",
      "2026-03-02",
      10,
      20,
      [{ kind: "special_procedure", from: "2026-03-04", to: "2026-03-11", reason: "专家评审" }],
      10,
      "2026-03-23",
      "2026-04-21",
    ],
    [
      "an open pause gives the earliest possible deadlines",
      "2026-03-02",
      10,
      20,
      [supplement("2026-03-05", null)],
      0,
      "2026-03-16",
      "2026-03-30",
    ],
    [
      "overlapping pauses are not counted twice",
      "2026-03-02",
      5,
      5,
      [
        supplement("2026-03-03", "2026-03-06"),
        { kind: "special_procedure", from: "2026-03-05", to: "2026-03-09", reason: "听证" },
      ],
      0,
      "2026-03-13",
      "2026-03-13",
    ],
    ["instant item: the acceptance day itself", "2026-03-06", 0, 0, [], 0, "2026-03-06", "2026-03-06"],
  ] as const)("%s", (_why, acceptedOn, promised, statutory, pauses, ext, promisedDl, statutoryDl) => {
    const extensions = ext ? [{ days: ext, approvedBy: "局长", on: "2026-03-10", reason: "情况复杂" }] : [];
    const c = clock(acceptedOn, promised, statutory, { pauses: [...pauses], extensions });
    expect(deadlines(cal, c)).toEqual({ promised: promisedDl, statutory: statutoryDl });
  });

  it("is null before acceptance", () => {
    expect(deadlines(cal, clock(null, 5, 20))).toEqual({ statutory: null, promised: null });
  });

  it("throws when the count runs into a year the calendar does not cover", () => {
    expect(() => deadlines(cal, clock("2026-12-20", 20, 20))).toThrow(/2027/);
  });
});

describe("clockStatus", () => {
  it.each([
    // [why, clock, now, used, remaining, level, paused, pausedDays]
    ["accepted today", clock("2026-03-02", 15, 20), at("2026-03-02"), 0, 15, "none", false, 0],
    ["9 of 15 used: below 2/3", clock("2026-03-02", 15, 20), at("2026-03-13"), 9, 6, "none", false, 0],
    [
      "10 of 15 used: exactly 2/3 is yellow",
      clock("2026-03-02", 15, 20),
      at("2026-03-16"),
      10,
      5,
      "yellow",
      false,
      0,
    ],
    ["a weekend adds nothing", clock("2026-03-02", 15, 20), at("2026-03-14"), 9, 6, "none", false, 0],
    [
      "on the deadline day: yellow, not red",
      clock("2026-03-02", 5, 20),
      at("2026-03-09"),
      5,
      0,
      "yellow",
      false,
      0,
    ],
    [
      "the working day after the deadline is red",
      clock("2026-03-02", 5, 20),
      at("2026-03-10"),
      6,
      -1,
      "red",
      false,
      0,
    ],
    [
      "the Saturday after a Friday deadline is red",
      clock("2026-03-02", 4, 20),
      at("2026-03-07"),
      4,
      0,
      "red",
      false,
      0,
    ],
    [
      "China date, not UTC: 23:30 UTC on 03-15 is 03-16 in China",
      clock("2026-03-02", 15, 20),
      new Date("2026-03-15T23:30:00Z"),
      10,
      5,
      "yellow",
      false,
      0,
    ],
    [
      "over the Spring Festival with a supplement pause",
      clock("2026-02-10", 10, 20, { pauses: [supplement("2026-02-12", "2026-02-25")] }),
      at("2026-03-04"),
      8,
      2,
      "yellow",
      false,
      4,
    ],
    [
      "inside a pause across the Spring Festival: frozen at 2 used",
      clock("2026-02-10", 10, 20, { pauses: [supplement("2026-02-12", null)] }),
      at("2026-02-24"),
      2,
      8,
      "none",
      true,
      3,
    ],
    [
      "an open pause freezes the clock even past the provisional deadline",
      clock("2026-03-02", 10, 20, { pauses: [supplement("2026-03-05", null)] }),
      at("2026-03-20"),
      3,
      7,
      "none",
      true,
      11,
    ],
    [
      "instant item on the acceptance day",
      clock("2026-03-06", 0, 0),
      at("2026-03-06", "17:00"),
      0,
      0,
      "none",
      false,
      0,
    ],
    [
      "instant item not concluded that day (Saturday)",
      clock("2026-03-06", 0, 0),
      at("2026-03-07"),
      0,
      0,
      "red",
      false,
      0,
    ],
    ["instant item a working day later", clock("2026-03-06", 0, 0), at("2026-03-09"), 1, -1, "red", false, 0],
  ] as const)("%s", (_why, c, now, used, remaining, level, paused, pausedDays) => {
    const s = clockStatus(cal, c, now);
    expect(s).toMatchObject({
      usedWorkingDays: used,
      remainingWorkingDays: remaining,
      level,
      paused,
      pausedWorkingDays: pausedDays,
    });
  });

  it("reports the statutory remainder with the extension, and the used fraction of the promise", () => {
    const c = clock("2026-03-02", 10, 20, {
      pauses: [{ kind: "special_procedure", from: "2026-03-04", to: "2026-03-11", reason: "专家评审" }],
      extensions: [{ days: 10, approvedBy: "局长", on: "2026-03-12", reason: "情况复杂" }],
    });
    const s = clockStatus(cal, c, at("2026-03-24"));
    // Counted: 03-03, 03-04, then 03-12..03-24 (9 working days) = 11; the promise (10) is broken.
    expect(s).toMatchObject({
      usedWorkingDays: 11,
      remainingWorkingDays: -1,
      statutoryRemainingWorkingDays: 19,
      level: "red",
      pausedWorkingDays: 5,
    });
    expect(s.usedFraction).toBeCloseTo(1.1);
  });

  it("is empty before acceptance", () => {
    expect(clockStatus(cal, clock(null, 5, 20), at("2026-03-02"))).toEqual({
      usedWorkingDays: 0,
      remainingWorkingDays: null,
      statutoryRemainingWorkingDays: null,
      usedFraction: 0,
      level: "none",
      paused: false,
      pausedWorkingDays: 0,
    });
  });

  it("propagates a missing calendar year", () => {
    expect(() => clockStatus(cal, clock("2026-12-30", 5, 20), at("2027-01-05"))).toThrow(/2027/);
  });
});
