import type { EntityManager } from "../../platform/index.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";

/**
 * Hands out the next case number `{department code}-{yyyymmdd}-{6-digit sequence}` atomically; the
 * day is the China calendar day of `at`.
 */
export async function allocateCaseNumber(
  em: EntityManager,
  departmentCode: string,
  at: Date,
): Promise<string> {
  const day = toChinaDate(at).replaceAll("-", "");
  const rows: { last: number }[] = await em.getConnection().execute(
    `insert into case_number_sequence (department_code, day, last) values (?, ?, 1)
     on conflict (department_code, day) do update set last = case_number_sequence.last + 1
     returning last`,
    [departmentCode, day],
    "all",
    em.getTransactionContext(),
  );
  const n = rows[0].last;
  if (n > 999_999) throw new Error(`case number sequence exhausted for ${departmentCode} on ${day}`);
  return `${departmentCode}-${day}-${String(n).padStart(6, "0")}`;
}
