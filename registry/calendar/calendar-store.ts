import { DomainError, type EntityManager, sqlRows, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { type Ctx, isAdmin } from "../context.ts";
import { WorkCalendarDay } from "./calendar.entity.ts";
import { type CalendarEntry, parseCalendarCsv, toChinaDate, WorkCalendar, yearOf } from "./work-calendar.ts";

/** The largest calendar file taken (a year's notice is about 40 rows, under 2 KB). */
export const CALENDAR_CSV_MAX_CHARS = 100_000;
const TOO_LARGE = "文件过大：一份节假日安排通知不超过几十行，请检查是否选错了文件";

/** What an import wrote. */
export interface CalendarImportOutcome {
  /** Rows written (new or replaced). */
  rows: number;
  /** The years the file lists, ascending: each is now exactly as the file has it. */
  years: number[];
  /** Rows of those years that the file no longer lists, removed. */
  removed: number;
}

/**
 * Imports the holiday and make-up workday rows of one or more years' State Council notices (CSV `date,kind,name`).
 * Each year the file lists is replaced as a whole: its rows are written, and rows of that year the file no longer
 * lists are removed, so re-importing a corrected notice is safe and importing the same file twice changes
 * nothing. `file`: the CSV text, or an uploaded file's bytes (decodeCalendarFile). Administrators only; a bad
 * file (named by line), an empty one or an oversized one writes nothing.
 * Audited per year. Deadlines already fixed on cases stay as they were; clocks count with the new days.
 */
export async function importWorkCalendar(
  ctx: Ctx,
  file: string | Uint8Array,
): Promise<CalendarImportOutcome> {
  if (!isAdmin(ctx.actor)) throw new DomainError("FORBIDDEN", "只有管理员可以维护工作日历");
  const csv = file instanceof Uint8Array ? decodeCalendarFile(file) : file;
  if (typeof csv !== "string" || csv.trim() === "")
    throw new DomainError("VALIDATION", "请选择或粘贴节假日安排文件（CSV）");
  if (csv.length > CALENDAR_CSV_MAX_CHARS) throw new DomainError("VALIDATION", TOO_LARGE);
  let entries: CalendarEntry[];
  try {
    entries = parseCalendarCsv(csv);
  } catch (e) {
    throw new DomainError("VALIDATION", (e as Error).message);
  }
  if (!entries.length)
    throw new DomainError(
      "VALIDATION",
      "文件中没有任何日期行：请按 date,kind,name 逐行列出放假和调休上班的日期",
    );
  const years = [...new Set(entries.map((e) => yearOf(e.date)))].sort((a, b) => a - b);
  const removed = await transact(ctx.em, async (em) => {
    // Written as upserts, so two identical imports at once both succeed.
    await sqlRows(
      em,
      `insert into work_calendar (date, kind, name)
       select r.date, r.kind, r.name from jsonb_to_recordset(?::jsonb) as r(date date, kind text, name text)
       on conflict (date) do update set kind = excluded.kind, name = excluded.name`,
      [JSON.stringify(entries)],
    );
    const gone = await sqlRows<{ date: string }>(
      em,
      `delete from work_calendar
       where extract(year from date)::int in (select jsonb_array_elements_text(?::jsonb)::int)
         and date not in (select jsonb_array_elements_text(?::jsonb)::date)
       returning date::text`,
      [JSON.stringify(years), JSON.stringify(entries.map((e) => e.date))],
    );
    for (const year of years) {
      const ofYear = entries.filter((e) => yearOf(e.date) === year);
      recordAudit(
        em,
        ctx.actor,
        ctx.now,
        "calendar.import",
        { type: "work_calendar", id: String(year) },
        {
          holidays: ofYear.filter((e) => e.kind === "holiday").length,
          workdays: ofYear.filter((e) => e.kind === "workday").length,
          removed: gone.filter((g) => yearOf(g.date) === year).map((g) => g.date),
        },
      );
    }
    return gone.length;
  });
  return { rows: entries.length, years, removed };
}

/**
 * The text of an uploaded calendar file: UTF-8 (with or without a byte-order mark), or else GB18030, in which
 * spreadsheet programs on Chinese Windows save CSV. Bytes that are neither are refused.
 */
function decodeCalendarFile(bytes: Uint8Array): string {
  if (bytes.length > CALENDAR_CSV_MAX_CHARS * 4) throw new DomainError("VALIDATION", TOO_LARGE);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    try {
      return new TextDecoder("gb18030", { fatal: true }).decode(bytes);
    } catch {
      throw new DomainError("VALIDATION", "无法识别文件编码：请以 UTF-8 或 GBK 编码保存 CSV 文件");
    }
  }
}

/** The calendar as stored; every time-limit computation starts here. */
export async function loadWorkCalendar(em: EntityManager): Promise<WorkCalendar> {
  const rows = await em.find(WorkCalendarDay, {}, { orderBy: { date: "asc" } });
  return new WorkCalendar(rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name })));
}

/** The work calendar as the administration page shows it. */
export interface WorkCalendarOverview {
  /** Today in China. */
  today: string;
  /** Covered years, newest first, with their listed days in date order. */
  years: { year: number; holidays: number; workdays: number; entries: CalendarEntry[] }[];
  /**
   * The last day of the run of covered years that starts with this year (31 December), or null when this year is
   * not covered. Time limits can be counted up to that day and no further.
   */
  coveredUntil: string | null;
  /** Working days after today up to `coveredUntil` (0 when this year is not covered). */
  workingDaysLeft: number;
  /** Whether next year's notice is still to be imported. */
  nextYearMissing: boolean;
  /**
   * Active service items whose statutory time limit, counted from today, would run past `coveredUntil`: accepting
   * (and the other steps that fix a deadline) is refused for them until the next notice is imported. Longest first.
   */
  itemsBeyond: { code: string; name: string; statutoryDays: number }[];
  /** Only platform administrators import; department administrators may look. */
  canImport: boolean;
}

/** Platform administrators and department administrators may see the calendar page; nobody else. */
export async function getWorkCalendarOverview(ctx: Ctx): Promise<WorkCalendarOverview> {
  const a = ctx.actor;
  const deptAdmin = a.type === "person" && !!a.staff?.roles.includes("dept_admin");
  if (!isAdmin(a) && !deptAdmin) throw new DomainError("FORBIDDEN", "只有管理员可以查看工作日历维护页面");
  const rows = await ctx.em.find(WorkCalendarDay, {}, { orderBy: { date: "asc" } });
  const entries = rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name }));
  const cal = new WorkCalendar(entries);
  const today = toChinaDate(ctx.now);
  const thisYear = yearOf(today);
  const covered = new Set(cal.coveredYears());
  let last = thisYear - 1;
  while (covered.has(last + 1)) last += 1;
  const coveredUntil = last >= thisYear ? `${last}-12-31` : null;
  const workingDaysLeft = coveredUntil ? cal.workingDaysBetween(today, coveredUntil) : 0;
  const itemsBeyond = await sqlRows<{ code: string; name: string; statutory_days: number }>(
    ctx.em,
    `select code, name, statutory_days from service_item
     where status = 'active' and statutory_days > ? order by statutory_days desc, code limit 200`,
    [workingDaysLeft],
  );
  const byYear = new Map<number, CalendarEntry[]>();
  for (const e of entries) {
    const list = byYear.get(yearOf(e.date));
    if (list) list.push(e);
    else byYear.set(yearOf(e.date), [e]);
  }
  return {
    today,
    years: [...byYear]
      .sort(([x], [y]) => y - x)
      .map(([year, list]) => ({
        year,
        holidays: list.filter((e) => e.kind === "holiday").length,
        workdays: list.filter((e) => e.kind === "workday").length,
        entries: list,
      })),
    coveredUntil,
    workingDaysLeft,
    nextYearMissing: !covered.has(thisYear + 1),
    itemsBeyond: itemsBeyond.map((r) => ({ code: r.code, name: r.name, statutoryDays: r.statutory_days })),
    canImport: isAdmin(a),
  };
}
