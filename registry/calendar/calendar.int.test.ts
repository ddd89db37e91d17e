import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { makePerson, makeServiceItem, personActor } from "../testing/factories.ts";
import { closeTestOrm, testCtx } from "../testing/test-env.ts";
import { WorkCalendarDay } from "./calendar.entity.ts";
import {
  CALENDAR_CSV_MAX_CHARS,
  getWorkCalendarOverview,
  importWorkCalendar,
  loadWorkCalendar,
} from "./calendar-store.ts";
import { parseCalendarCsv, WorkCalendar } from "./work-calendar.ts";

afterAll(closeTestOrm);

async function sql<T = Record<string, unknown>>(q: string): Promise<T[]> {
  return (await testCtx()).em.getConnection().execute(q, [], "all");
}

const csv = readFileSync(new URL("./data/work-calendar-cn.csv", import.meta.url), "utf8");

/** Rows of the years the bundled notice covers; other tests never write these years differently. */
async function rowsOf2025And2026() {
  const ctx = await testCtx();
  return ctx.em.find(
    WorkCalendarDay,
    { date: { $gte: "2025-01-01", $lte: "2026-12-31" } },
    { orderBy: { date: "asc" } },
  );
}

describe("importWorkCalendar", () => {
  it("imports the bundled notices, and importing again changes nothing", async () => {
    expect(await importWorkCalendar(await testCtx(), csv)).toMatchObject({ rows: 72, years: [2025, 2026] });
    const first = await rowsOf2025And2026();
    expect(first).toHaveLength(72);
    expect(first.find((r) => r.date === "2026-02-14")).toMatchObject({
      kind: "workday",
      name: "春节 调休上班",
    });

    expect(await importWorkCalendar(await testCtx(), csv)).toMatchObject({ rows: 72, years: [2025, 2026] });
    const second = await rowsOf2025And2026();
    expect(second.map((r) => [r.date, r.kind, r.name])).toEqual(first.map((r) => [r.date, r.kind, r.name]));
  });

  it("replaces a row for the same date when a corrected notice is imported", async () => {
    await importWorkCalendar(await testCtx(), csv);
    const corrected = csv.replace(
      "2026-02-14,workday,春节 调休上班",
      "2026-02-14,workday,春节调休上班（更正）",
    );
    expect(corrected).not.toBe(csv);
    await importWorkCalendar(await testCtx(), corrected);
    const row = await (await testCtx()).em.findOneOrFail(WorkCalendarDay, { date: "2026-02-14" });
    expect(row.name).toBe("春节调休上班（更正）");
    await importWorkCalendar(await testCtx(), csv);
    expect((await (await testCtx()).em.findOneOrFail(WorkCalendarDay, { date: "2026-02-14" })).name).toBe(
      "春节 调休上班",
    );
    expect(await rowsOf2025And2026()).toHaveLength(72);
  });

  it("answers like the pure calendar once loaded from the database", async () => {
    await importWorkCalendar(await testCtx(), csv);
    const stored = await loadWorkCalendar((await testCtx()).em);
    const pure = new WorkCalendar(parseCalendarCsv(csv));
    // Spring Festival 2026: 02-15..02-23 off, 02-14 worked.
    expect(stored.addWorkingDays("2026-02-12", 3)).toBe("2026-02-24");
    expect(pure.addWorkingDays("2026-02-12", 3)).toBe("2026-02-24");
    expect(stored.coveredYears()).toEqual(expect.arrayContaining([2025, 2026]));
    for (const [start, n] of [
      ["2025-01-20", 10],
      ["2025-09-26", 5],
      ["2026-01-01", 1],
      ["2026-02-13", 1],
      ["2026-09-18", 4],
      ["2026-09-30", 20],
    ] as const) {
      expect(stored.addWorkingDays(start, n), `${start} + ${n}`).toBe(pure.addWorkingDays(start, n));
    }
    for (const date of ["2026-02-14", "2026-02-16", "2026-02-24", "2026-10-10", "2026-10-11"]) {
      expect(stored.isWorkingDay(date), date).toBe(pure.isWorkingDay(date));
    }
  });

  it("rejects a bad CSV naming the line and writes nothing", async () => {
    const bad = "date,kind,name\n2031-01-01,holiday,元旦\n2031-01-02,vacation,元旦\n";
    await expect(importWorkCalendar(await testCtx(), bad)).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("第 3 行"),
    });
    const noHeader = "2031-01-01,holiday,元旦\n";
    await expect(importWorkCalendar(await testCtx(), noHeader)).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("第 1 行"),
    });
    const weekdayWorkday = "date,kind,name\n# comment\n2031-01-06,workday,调休\n";
    await expect(importWorkCalendar(await testCtx(), weekdayWorkday)).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("第 3 行"),
    });
    // The good row before the bad one was not written either.
    expect(await (await testCtx()).em.count(WorkCalendarDay, { date: "2031-01-01" })).toBe(0);
  });

  it("is only for administrators", async () => {
    const p = await makePerson();
    const extra = "date,kind,name\n2032-01-01,holiday,元旦\n";
    for (const actor of [
      personActor(p.id),
      personActor(p.id, { staff: { departmentId: crypto.randomUUID(), roles: ["dept_admin", "approver"] } }),
    ]) {
      await expect(importWorkCalendar(await testCtx(actor), extra)).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    expect(await (await testCtx()).em.count(WorkCalendarDay, { date: "2032-01-01" })).toBe(0);
    const admin = personActor(p.id, { staff: { departmentId: crypto.randomUUID(), roles: ["admin"] } });
    await expect(
      importWorkCalendar(await testCtx(admin), "date,kind,name\n2032-01-01,holiday,元旦\n"),
    ).resolves.toMatchObject({ rows: 1, years: [2032] });
    await importWorkCalendar(
      await testCtx(admin),
      "date,kind,name\n2032-01-01,holiday,元旦\n2032-01-02,holiday,元旦\n",
    );
    await sql("delete from work_calendar where date >= '2032-01-01' and date < '2033-01-01'");
  });

  it("refuses an empty or an oversized file, writing nothing", async () => {
    for (const text of ["", "  \n", "date,kind,name\n# no rows yet\n"])
      await expect(importWorkCalendar(await testCtx(), text)).rejects.toMatchObject({ code: "VALIDATION" });
    const huge = `date,kind,name\n2033-01-01,holiday,元旦\n${"#".repeat(CALENDAR_CSV_MAX_CHARS)}\n`;
    await expect(importWorkCalendar(await testCtx(), huge)).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("文件过大"),
    });
    expect(await (await testCtx()).em.count(WorkCalendarDay, { date: "2033-01-01" })).toBe(0);
  });

  it("replaces each year it lists as a whole, leaves other years alone, and audits it", async () => {
    const admin = personActor((await makePerson()).id, {
      staff: { departmentId: crypto.randomUUID(), roles: ["admin"] },
    });
    const first = [
      "date,kind,name",
      "2041-01-01,holiday,元旦",
      "2041-02-02,holiday,春节（误录）",
      "2041-02-09,workday,春节 调休上班",
      "2042-01-01,holiday,元旦",
    ].join("\n");
    expect(await importWorkCalendar(await testCtx(admin), first)).toEqual({
      rows: 4,
      years: [2041, 2042],
      removed: 0,
    });
    // A corrected 2041 notice drops the wrong day and adds one; 2042 is not in the file and stays.
    const corrected =
      "date,kind,name\n2041-01-01,holiday,元旦\n2041-02-03,holiday,春节\n2041-02-09,workday,春节 调休上班\n";
    expect(await importWorkCalendar(await testCtx(admin), corrected)).toEqual({
      rows: 3,
      years: [2041],
      removed: 1,
    });
    const rows = await sql<{ date: string; name: string }>(
      "select date::text, name from work_calendar where date >= '2041-01-01' and date < '2043-01-01' order by date",
    );
    expect(rows.map((r) => r.date)).toEqual(["2041-01-01", "2041-02-03", "2041-02-09", "2042-01-01"]);
    const audit = await sql<{ subject_id: string; actor_id: string; detail: Record<string, unknown> }>(
      "select subject_id, actor_id, detail from audit_log where action = 'calendar.import' and subject_id in ('2041', '2042') order by id",
    );
    expect(audit.map((r) => r.subject_id)).toEqual(["2041", "2042", "2041"]);
    expect(audit.every((r) => r.actor_id === (admin as { personId: string }).personId)).toBe(true);
    expect(audit[2].detail).toEqual({ holidays: 2, workdays: 1, removed: ["2041-02-02"] });
    await sql("delete from work_calendar where date >= '2041-01-01' and date < '2043-01-01'");
  });
});

describe("getWorkCalendarOverview", () => {
  const overviewAt = async (now: string, roles: string[]) =>
    getWorkCalendarOverview({
      ...(await testCtx(
        personActor((await makePerson()).id, { staff: { departmentId: crypto.randomUUID(), roles } }),
      )),
      now: new Date(now),
    });

  it("shows the covered run of years, the working days left and the items whose limit runs past it", async () => {
    await importWorkCalendar(await testCtx(), csv);
    // Monday 2026-11-23 in China: 2027 is not imported (tests never write 2027).
    const o = await overviewAt("2026-11-23T02:00:00Z", ["admin"]);
    expect(o.today).toBe("2026-11-23");
    expect(o.coveredUntil).toBe("2026-12-31");
    // 24..27 and 30 Nov (5), then December 2026 (23 working days), with no holiday in between.
    expect(o.workingDaysLeft).toBe(28);
    expect(o.nextYearMissing).toBe(true);
    expect(o.canImport).toBe(true);
    expect(o.years.find((y) => y.year === 2026)).toMatchObject({ year: 2026, holidays: expect.any(Number) });
    const y2026 = o.years.find((y) => y.year === 2026)!;
    expect(y2026.holidays + y2026.workdays).toBe(y2026.entries.length);
    expect(y2026.entries.find((e) => e.date === "2026-02-14")).toEqual({
      date: "2026-02-14",
      kind: "workday",
      name: "春节 调休上班",
    });
    const item = await makeServiceItem(undefined, { statutoryDays: 29 });
    const within = await makeServiceItem(undefined, { statutoryDays: 28 });
    const again = await overviewAt("2026-11-23T02:00:00Z", ["dept_admin"]);
    expect(again.itemsBeyond.map((i) => i.code)).toContain(item.code);
    expect(again.itemsBeyond.map((i) => i.code)).not.toContain(within.code);
    expect(again.itemsBeyond.every((i) => i.statutoryDays > 28)).toBe(true);
    expect(again.canImport).toBe(false);
    // Early in the year the whole year is left.
    const march = await overviewAt("2026-03-02T02:00:00Z", ["admin"]);
    expect(march.workingDaysLeft).toBeGreaterThan(200);
    expect(march.itemsBeyond.map((i) => i.code)).not.toContain(item.code);
  });

  it("says nothing is covered when this year is not", async () => {
    const o = await overviewAt("2038-06-01T02:00:00Z", ["admin"]);
    expect(o).toMatchObject({ coveredUntil: null, workingDaysLeft: 0, nextYearMissing: true });
  });

  it("is for administrators and department administrators only", async () => {
    for (const roles of [["clerk", "approver"], []])
      await expect(overviewAt("2026-11-23T02:00:00Z", roles)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const p = await makePerson();
    await expect(getWorkCalendarOverview(await testCtx(personActor(p.id)))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
