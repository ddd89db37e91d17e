import { DomainError, type EntityManager, transact } from "../../platform/index.ts";
import { type Ctx, isAdmin } from "../context.ts";
import { WorkCalendarDay } from "./calendar.entity.ts";
import { parseCalendarCsv, WorkCalendar } from "./work-calendar.ts";

/**
 * Imports holiday and make-up workday rows (the format of the State Council notice CSV). Rows for the
 * same date are replaced, so re-importing a corrected notice is safe. Returns how many rows it wrote.
 */
export async function importWorkCalendar(ctx: Ctx, csv: string): Promise<number> {
  if (!isAdmin(ctx.actor)) throw new DomainError("FORBIDDEN", "只有管理员可以维护工作日历");
  let entries: ReturnType<typeof parseCalendarCsv>;
  try {
    entries = parseCalendarCsv(csv);
  } catch (e) {
    throw new DomainError("VALIDATION", (e as Error).message);
  }
  await transact(ctx.em, async (em) => {
    for (const e of entries) await em.upsert(WorkCalendarDay, { date: e.date, kind: e.kind, name: e.name });
  });
  return entries.length;
}

/** The calendar as stored; every time-limit computation starts here. */
export async function loadWorkCalendar(em: EntityManager): Promise<WorkCalendar> {
  const rows = await em.find(WorkCalendarDay, {}, { orderBy: { date: "asc" } });
  return new WorkCalendar(rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name })));
}
