/*
 * The statutory work calendar. Pure: dates are 'YYYY-MM-DD' strings naming a calendar day in China time,
 * and nothing here reads the clock or the disk. Arithmetic runs on day numbers (days since 1970-01-01),
 * which avoids time zones and DST entirely.
 */
import { DomainError } from "../../platform/index.ts";

/** Whether a listed day is a public holiday, or a weekend day worked in exchange (调休上班). */
export type CalendarEntryKind = "holiday" | "workday";

/** One row of the State Council's yearly holiday notice. */
export interface CalendarEntry {
  date: string;
  kind: CalendarEntryKind;
  name: string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const HEADER = "date,kind,name";
/** The longest day name stored (work_calendar.name). */
const NAME_MAX = 50;

/** Parses the work-calendar CSV (`date,kind,name`, '#' comments); a bad row throws naming its line. */
export function parseCalendarCsv(text: string): CalendarEntry[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const entries: CalendarEntry[] = [];
  const seen = new Map<string, number>();
  let headerSeen = false;
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const fail = (why: string): never => {
      throw new Error(`工作日历第 ${lineNo} 行：${why}：${JSON.stringify(raw)}`);
    };
    if (!headerSeen) {
      if (line.replace(/\s/g, "") !== HEADER) fail(`第一行应为表头 "${HEADER}"`);
      headerSeen = true;
      return;
    }
    const [date = "", kind = "", ...rest] = line.split(",").map((f) => f.trim());
    // Names use the Chinese comma, but an ASCII one must not silently shift the columns.
    const name = rest.join(",").trim();
    const day = dayNumberOrNull(date);
    if (day === null) fail("日期须为真实存在的日期，格式 YYYY-MM-DD");
    if (kind !== "holiday" && kind !== "workday") fail("类型只能是 holiday（放假）或 workday（调休上班）");
    if (name === "") fail("缺少名称（如 春节）");
    if ([...name].length > NAME_MAX) fail(`名称不超过 ${NAME_MAX} 个字`);
    if (kind === "workday" && !isWeekend(day as number)) {
      fail("调休上班（workday）只能是周六或周日；周一至周五本来就是工作日");
    }
    const earlier = seen.get(date);
    if (earlier !== undefined) fail(`该日期已在第 ${earlier} 行列出`);
    seen.set(date, lineNo);
    entries.push({ date, kind: kind as CalendarEntryKind, name });
  });
  if (!headerSeen) throw new Error(`工作日历缺少表头 "${HEADER}"`);
  return entries;
}

/** Working-day arithmetic over the holidays and make-up workdays of the years the calendar covers. */
export class WorkCalendar {
  private readonly years = new Set<number>();
  /**
   * Every day of the covered years' span, from `firstDay`: 1 a working day, 0 not, -1 a day of an uncovered
   * year between covered ones. Deadlines and clocks count day by day, so this is a lookup per day.
   */
  private readonly working: Int8Array;
  private readonly firstDay: number;

  /** A year counts as covered when at least one entry falls in it, i.e. its notice was imported. */
  constructor(entries: readonly CalendarEntry[]) {
    const kinds = new Map<number, CalendarEntryKind>();
    for (const e of entries) {
      const day = toDayNumber(e.date);
      if (e.kind !== "holiday" && e.kind !== "workday")
        throw new Error(`Unknown calendar kind for ${e.date}`);
      kinds.set(day, e.kind);
      this.years.add(yearOf(e.date));
    }
    const covered = this.coveredYears();
    this.firstDay = covered.length ? Date.UTC(covered[0], 0, 1) / MS_PER_DAY : 0;
    const end = covered.length ? Date.UTC((covered.at(-1) as number) + 1, 0, 1) / MS_PER_DAY : 0;
    this.working = new Int8Array(end - this.firstDay);
    for (let day = this.firstDay; day < end; day++) {
      const kind = kinds.get(day);
      this.working[day - this.firstDay] = !this.years.has(new Date(day * MS_PER_DAY).getUTCFullYear())
        ? -1
        : kind === "holiday"
          ? 0
          : kind === "workday" || !isWeekend(day)
            ? 1
            : 0;
    }
  }

  /** The years whose holiday notice is loaded, ascending. */
  coveredYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /** Whether the year of `date` is in the calendar. */
  covers(date: string): boolean {
    toDayNumber(date);
    return this.years.has(yearOf(date));
  }

  /** Whether `date` is a working day: a weekday that is not a holiday, or a weekend day listed as a workday. */
  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(toDayNumber(date));
  }

  /**
   * The deadline `n` working days after `start`. The start day itself is not counted (行政许可法 §82), so
   * counting begins the next day; `n` = 0 returns `start`. Throws when the count reaches an uncovered year.
   */
  addWorkingDays(start: string, n: number): string {
    if (!Number.isSafeInteger(n) || n < 0)
      throw new RangeError(`working days must be a whole number >= 0, got ${n}`);
    let day = toDayNumber(start);
    let left = n;
    while (left > 0) {
      day += 1;
      if (this.isWorkingDayNumber(day)) left -= 1;
    }
    return fromDayNumber(day);
  }

  /** The number of working days in (from, to]; 0 when `to` is not after `from`. */
  workingDaysBetween(from: string, to: string): number {
    const start = toDayNumber(from);
    const end = toDayNumber(to);
    let count = 0;
    for (let day = start + 1; day <= end; day++) {
      if (this.isWorkingDayNumber(day)) count += 1;
    }
    return count;
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string {
    return this.addWorkingDays(date, 1);
  }

  private isWorkingDayNumber(day: number): boolean {
    const i = day - this.firstDay;
    const w = i >= 0 && i < this.working.length ? this.working[i] : -1;
    if (w === -1) {
      const year = new Date(day * MS_PER_DAY).getUTCFullYear();
      // Holidays move every year and are only known from the State Council notice; guessing would put
      // wrong deadlines on real cases. The action that needs the year is refused with a message the
      // clerk can pass on, until an administrator imports the notice.
      throw new DomainError(
        "UNAVAILABLE",
        `工作日历缺少 ${year} 年的数据（计算 ${fromDayNumber(day)} 时需要），请管理员导入国务院 ${year} 年节假日安排通知后重试`,
      );
    }
    return w === 1;
  }
}

/** The calendar date in China (Asia/Shanghai: UTC+8 all year, no DST) of an instant, as 'YYYY-MM-DD'. */
export function toChinaDate(instant: Date): string {
  const ms = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError("toChinaDate needs a valid Date");
  return fromDayNumber(Math.floor((ms + CHINA_OFFSET_MS) / MS_PER_DAY));
}

/*
 * Recently converted dates, both ways: a case action converts the same few dates (today, its deadlines) many
 * times over. Bounded; cleared when full.
 */
const DAY_MEMO_LIMIT = 4096;
const dayOfDate = new Map<string, number | null>();
const dateOfDay = new Map<number, string>();

function dayNumberOrNull(date: string): number | null {
  const known = dayOfDate.get(date);
  if (known !== undefined) return known;
  const day = parseDayNumber(date);
  if (dayOfDate.size >= DAY_MEMO_LIMIT) dayOfDate.clear();
  dayOfDate.set(date, day);
  return day;
}

function parseDayNumber(date: string): number | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over into March; the round trip catches that, and maps years < 100 wrongly too.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / MS_PER_DAY;
}

function toDayNumber(date: string): number {
  const day = typeof date === "string" ? dayNumberOrNull(date) : null;
  if (day === null) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return day;
}

function fromDayNumber(day: number): string {
  let date = dateOfDay.get(day);
  if (date === undefined) {
    date = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    if (dateOfDay.size >= DAY_MEMO_LIMIT) dateOfDay.clear();
    dateOfDay.set(day, date);
  }
  return date;
}

export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

function isWeekend(day: number): boolean {
  // 1970-01-01 was a Thursday; 0 = Sunday as in Date#getUTCDay.
  const dow = (((day + 4) % 7) + 7) % 7;
  return dow === 0 || dow === 6;
}
