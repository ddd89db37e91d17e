import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCalendarCsv, toChinaDate, WorkCalendar } from "./work-calendar.ts";

// The repo's own copy of the State Council notices (2025 and 2026), so the test needs nothing outside the repo.
const csv = readFileSync(new URL("./data/work-calendar-cn.csv", import.meta.url), "utf8");
const calendar = new WorkCalendar(parseCalendarCsv(csv));

describe("parseCalendarCsv with the bundled data", () => {
  it("reads every row of 2025 and 2026", () => {
    const entries = parseCalendarCsv(csv);
    expect(entries).toHaveLength(72);
    expect(entries[0]).toEqual({ date: "2025-01-01", kind: "holiday", name: "元旦" });
    expect(entries.find((e) => e.date === "2026-02-14")).toEqual({
      date: "2026-02-14",
      kind: "workday",
      name: "春节 调休上班",
    });
    expect(calendar.coveredYears()).toEqual([2025, 2026]);
  });
});

describe("isWorkingDay", () => {
  it.each([
    ["2025-03-03", true, "a plain Monday"],
    ["2025-03-08", false, "a plain Saturday"],
    ["2025-03-09", false, "a plain Sunday"],
    ["2025-01-26", true, "Sunday worked before the 2025 Spring Festival"],
    ["2025-01-27", true, "the Monday before the 2025 Spring Festival is not a holiday"],
    ["2025-01-28", false, "2025 Spring Festival"],
    ["2025-10-08", false, "Wednesday in the 2025 National Day holiday"],
    ["2025-10-11", true, "Saturday worked after the 2025 National Day"],
    ["2026-01-02", false, "New Year's Friday 2026"],
    ["2026-01-04", true, "Sunday worked after New Year 2026"],
    ["2026-02-07", false, "an ordinary Saturday before the Spring Festival"],
    ["2026-02-14", true, "Saturday worked before the 2026 Spring Festival"],
    ["2026-02-15", false, "first day of the 2026 Spring Festival (Sunday)"],
    ["2026-02-16", false, "Monday in the 2026 Spring Festival"],
    ["2026-02-23", false, "last day of the 2026 Spring Festival (Monday)"],
    ["2026-02-24", true, "first working day after the 2026 Spring Festival"],
    ["2026-02-28", true, "Saturday worked after the 2026 Spring Festival"],
    ["2026-09-20", true, "Sunday worked before Mid-Autumn 2026"],
    ["2026-09-25", false, "Mid-Autumn Friday 2026"],
    ["2026-10-07", false, "last day of National Day 2026 (Wednesday)"],
    ["2026-10-10", true, "Saturday worked after National Day 2026"],
    ["2026-10-11", false, "the Sunday after it is a rest day"],
  ])("%s is %s (%s)", (date, expected) => {
    expect(calendar.isWorkingDay(date)).toBe(expected);
  });
});

describe("addWorkingDays", () => {
  it.each([
    // A plain week: 2025-03-03 is a Monday.
    ["2025-03-03", 0, "2025-03-03"],
    ["2025-03-03", 1, "2025-03-04"],
    ["2025-03-03", 4, "2025-03-07"],
    // Crossing a weekend.
    ["2025-03-06", 2, "2025-03-10"],
    ["2025-03-07", 1, "2025-03-10"],
    ["2025-03-08", 1, "2025-03-10"],
    ["2025-03-03", 20, "2025-03-31"],
    // 2025 Spring Festival: Sunday 01-26 worked, 01-28..02-04 off.
    ["2025-01-24", 1, "2025-01-26"],
    ["2025-01-26", 1, "2025-01-27"],
    ["2025-01-27", 1, "2025-02-05"],
    // 2025 National Day: 10-01..10-08 off.
    ["2025-09-30", 1, "2025-10-09"],
    // Across New Year 2026: 01-01..01-03 off, Sunday 01-04 worked.
    ["2025-12-30", 3, "2026-01-05"],
    // 2026 Spring Festival: Saturdays 02-14 and 02-28 worked, 02-15..02-23 off.
    ["2026-02-12", 3, "2026-02-24"],
    ["2026-02-13", 1, "2026-02-14"],
    ["2026-02-14", 1, "2026-02-24"],
    ["2026-02-12", 10, "2026-03-04"],
    // Mid-Autumn and National Day 2026: Sunday 09-20 worked, 09-25..09-27 off, 10-01..10-07 off, Saturday 10-10 worked.
    ["2026-09-18", 1, "2026-09-20"],
    ["2026-09-24", 1, "2026-09-28"],
    ["2026-09-30", 1, "2026-10-08"],
    ["2026-09-30", 3, "2026-10-10"],
    ["2026-09-30", 4, "2026-10-12"],
    ["2026-09-17", 10, "2026-10-08"],
    // Reaching the last covered day is fine.
    ["2026-12-28", 3, "2026-12-31"],
  ])("addWorkingDays(%s, %i) = %s", (start, n, expected) => {
    expect(calendar.addWorkingDays(start, n)).toBe(expected);
  });

  it("returns the start itself for n = 0, even on a rest day", () => {
    expect(calendar.addWorkingDays("2026-02-15", 0)).toBe("2026-02-15");
  });

  it.each([-1, 1.5, Number.NaN])("rejects n = %s", (n) => {
    expect(() => calendar.addWorkingDays("2026-03-02", n)).toThrow(RangeError);
  });

  it("rejects a malformed or impossible date", () => {
    expect(() => calendar.addWorkingDays("2026-2-3", 1)).toThrow(/YYYY-MM-DD/);
    expect(() => calendar.addWorkingDays("2026-02-30", 1)).toThrow(/YYYY-MM-DD/);
  });
});

describe("years the calendar does not cover", () => {
  it("reports coverage by year", () => {
    expect(calendar.covers("2025-06-01")).toBe(true);
    expect(calendar.covers("2026-12-31")).toBe(true);
    expect(calendar.covers("2024-12-31")).toBe(false);
    expect(calendar.covers("2027-01-01")).toBe(false);
  });

  it("throws instead of guessing when the count runs into 2027", () => {
    expect(() => calendar.addWorkingDays("2026-12-30", 5)).toThrow(/缺少 2027 年/);
    expect(() => calendar.workingDaysBetween("2026-12-01", "2027-01-10")).toThrow(
      /国务院 2027 年节假日安排通知/,
    );
    expect(() => calendar.nextWorkingDay("2026-12-31")).toThrow(/2027/);
    // A DomainError, so the page shows the message instead of a server error.
    expect(() => calendar.nextWorkingDay("2026-12-31")).toThrow(
      expect.objectContaining({ code: "UNAVAILABLE" }),
    );
  });

  it("throws for a day before the first covered year", () => {
    expect(() => calendar.addWorkingDays("2024-12-30", 1)).toThrow(/缺少 2024 年/);
    expect(() => calendar.isWorkingDay("2024-06-03")).toThrow(/2024/);
  });
});

describe("workingDaysBetween", () => {
  it.each([
    ["2025-03-03", "2025-03-07", 4],
    ["2025-03-07", "2025-03-10", 1],
    ["2026-02-12", "2026-02-24", 3],
    ["2026-02-14", "2026-02-23", 0],
    ["2026-09-17", "2026-10-10", 12],
    ["2026-09-30", "2026-10-07", 0],
    ["2025-12-30", "2026-01-05", 3],
    ["2026-03-02", "2026-03-02", 0],
    ["2026-03-06", "2026-03-02", 0],
  ])("(%s, %s] has %i working days", (from, to, expected) => {
    expect(calendar.workingDaysBetween(from, to)).toBe(expected);
  });

  it.each([
    ["2025-01-20", 15],
    ["2025-09-26", 7],
    ["2026-02-10", 20],
    ["2026-09-15", 20],
    ["2026-10-10", 1],
  ])("undoes addWorkingDays from %s over %i days, and is 0 the other way round", (start, n) => {
    const end = calendar.addWorkingDays(start, n);
    expect(calendar.workingDaysBetween(start, end)).toBe(n);
    expect(calendar.workingDaysBetween(end, start)).toBe(0);
  });
});

describe("nextWorkingDay", () => {
  it.each([
    ["2026-02-13", "2026-02-14"],
    ["2026-02-14", "2026-02-24"],
    ["2026-02-27", "2026-02-28"],
    ["2026-03-06", "2026-03-09"],
  ])("after %s comes %s", (date, expected) => {
    expect(calendar.nextWorkingDay(date)).toBe(expected);
  });
});

describe("parseCalendarCsv errors name the line", () => {
  const header = "# comment\ndate,kind,name\n";
  it.each([
    [`${header}2026-13-01,holiday,坏日期\n`, /第 3 行：日期须为/],
    [`${header}2026-02-30,holiday,不存在的日子\n`, /第 3 行：日期须为/],
    [`${header}2026-01-01,holiday,元旦\n\n2026-01-02,vacation,元旦\n`, /第 5 行：类型只能是/],
    [`${header}2026-01-01,holiday,\n`, /第 3 行：缺少名称/],
    [`${header}2026-01-01,holiday,${"元".repeat(51)}\n`, /第 3 行：名称不超过 50 个字/],
    [`${header}2026-01-01\n`, /第 3 行：类型只能是/],
    [`${header}2026-01-05,workday,周一\n`, /第 3 行：调休上班（workday）只能是周六或周日/],
    [`${header}2026-01-01,holiday,元旦\n2026-01-01,holiday,元旦\n`, /第 4 行：该日期已在第 3 行列出/],
    ["# only a comment\n2026-01-01,holiday,元旦\n", /第 2 行：第一行应为表头/],
  ])("%j", (text, message) => {
    expect(() => parseCalendarCsv(text)).toThrow(message);
  });

  it("requires the header", () => {
    expect(() => parseCalendarCsv("# nothing here\n")).toThrow(/表头/);
  });

  it("accepts CRLF line ends and a byte-order mark", () => {
    const entries = parseCalendarCsv("\uFEFFdate,kind,name\r\n2026-02-14,workday,春节 调休上班\r\n");
    expect(entries).toEqual([{ date: "2026-02-14", kind: "workday", name: "春节 调休上班" }]);
  });
});

describe("toChinaDate", () => {
  it.each([
    ["2025-12-31T15:59:59.999Z", "2025-12-31"],
    ["2025-12-31T16:00:00.000Z", "2026-01-01"],
    ["2026-02-14T00:30:00+08:00", "2026-02-14"],
    ["2026-06-30T23:00:00Z", "2026-07-01"],
  ])("%s is %s in China", (iso, expected) => {
    expect(toChinaDate(new Date(iso))).toBe(expected);
  });

  it("rejects an invalid Date", () => {
    expect(() => toChinaDate(new Date("nope"))).toThrow(RangeError);
  });
});
