import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { makePerson, personActor } from "../testing/factories.ts";
import { closeTestOrm, testCtx } from "../testing/test-env.ts";
import { WorkCalendarDay } from "./calendar.entity.ts";
import { importWorkCalendar, loadWorkCalendar } from "./calendar-store.ts";
import { parseCalendarCsv, WorkCalendar } from "./work-calendar.ts";

afterAll(closeTestOrm);

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
    expect(await importWorkCalendar(await testCtx(), csv)).toBe(72);
    const first = await rowsOf2025And2026();
    expect(first).toHaveLength(72);
    expect(first.find((r) => r.date === "2026-02-14")).toMatchObject({
      kind: "workday",
      name: "春节 调休上班",
    });

    expect(await importWorkCalendar(await testCtx(), csv)).toBe(72);
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
      message: expect.stringContaining("line 3"),
    });
    const noHeader = "2031-01-01,holiday,元旦\n";
    await expect(importWorkCalendar(await testCtx(), noHeader)).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("line 1"),
    });
    const weekdayWorkday = "date,kind,name\n# comment\n2031-01-06,workday,调休\n";
    await expect(importWorkCalendar(await testCtx(), weekdayWorkday)).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringContaining("line 3"),
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
    await expect(importWorkCalendar(await testCtx(admin), "date,kind,name\n")).resolves.toBe(0);
  });
});
