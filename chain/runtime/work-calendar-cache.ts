import type { EntityManager } from "../../platform/index.ts";
import { loadWorkCalendar, toChinaDate, type WorkCalendar } from "../../registry/index.ts";

/*
 * The work calendar changes once a year (the State Council notice) and every transition needs it, so each
 * process keeps one copy instead of reading ~70 rows per action. The copy is reloaded after CALENDAR_TTL_MS, and
 * at once when it does not cover the year of `now` (a notice imported since), so an import is seen within
 * minutes without any cross-process signal. A corrected notice for a covered year is picked up within the TTL.
 */
const CALENDAR_TTL_MS = 5 * 60_000;

let cached: { cal: Promise<WorkCalendar>; loadedAt: number } | null = null;

/** The work calendar, from this process's copy when it is fresh and covers `now`. */
export async function cachedWorkCalendar(em: EntityManager, now: Date): Promise<WorkCalendar> {
  const at = Date.now();
  if (cached && at - cached.loadedAt < CALENDAR_TTL_MS) {
    const cal = await cached.cal.catch(() => null);
    if (cal?.covers(toChinaDate(now))) return cal;
  }
  const load = loadWorkCalendar(em);
  cached = { cal: load, loadedAt: at };
  return load;
}

/** Drops the cached calendar (after an import in the same process, and in tests). */
export function forgetWorkCalendar(): void {
  cached = null;
}
