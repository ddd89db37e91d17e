import type { CaseStatus, Ctx } from "../../registry/index.ts";
import type { CaseSnapshot } from "../flow/index.ts";
import { cachedWorkCalendar } from "../runtime/work-calendar-cache.ts";
import {
  ACTIVE_STATUSES,
  clockBadge,
  type ItemTerms,
  itemTerms,
  OPEN_STATUSES,
  type SnapshotRow,
  snapshotOfRow,
} from "./case-clocks.ts";
import type { StaffActor } from "./staff.ts";
import type { CaseClockBadge, WorkbenchQueue } from "./workbench.schema.ts";

/** An open case of the department with its snapshot and clock, before the display columns are read. */
export interface OpenCase {
  id: string;
  submittedAt: Date;
  snap: CaseSnapshot;
  terms: ItemTerms;
  clock: CaseClockBadge;
}

/** Statuses in which a case waits for the role of its current step (我的待办). */
const TASK_STATUSES: readonly CaseStatus[] = ["accepted", "in_review", "special_procedure", "decided"];

/** Who may open each queue; the rest are open to every staff member of the department. */
export function mayOpenQueue(queue: WorkbenchQueue, staff: StaffActor): boolean {
  return queue !== "arbitration" || staff.roles.includes("approver");
}

/** Whether an open case belongs to a queue, for this staff member. */
export function inQueue(queue: WorkbenchQueue, c: OpenCase, staff: StaffActor): boolean {
  const s = c.snap;
  switch (queue) {
    case "toReceive":
      return s.status === "draft";
    case "toAccept":
      return s.status === "submitted";
    case "supplement":
      return s.status === "supplement_requested";
    case "dueSoon":
      return ACTIVE_STATUSES.includes(s.status) && c.clock.level === "yellow";
    case "overdue":
      return ACTIVE_STATUSES.includes(s.status) && c.clock.level === "red";
    case "myTasks": {
      // After a decision the snapshot's step is the conclude step, so its role is whoever concludes.
      if (!TASK_STATUSES.includes(s.status) || s.arbitrationPending) return false;
      const role = c.terms.template.steps[s.step]?.role;
      return role !== undefined && staff.roles.includes(role);
    }
    case "arbitration":
      return s.arbitrationPending === true && staff.roles.includes("approver");
  }
}

/** Most urgent first: fewest remaining working days (cases without a running clock last), then oldest. */
export function byUrgency(a: OpenCase, b: OpenCase): number {
  const ra = a.clock.remainingWorkingDays ?? Number.POSITIVE_INFINITY;
  const rb = b.clock.remainingWorkingDays ?? Number.POSITIVE_INFINITY;
  if (ra !== rb) return ra < rb ? -1 : 1;
  const d = a.submittedAt.getTime() - b.submittedAt.getTime();
  return d !== 0 ? d : a.id < b.id ? -1 : 1;
}

/*
 * Yellow and red come from the legal clock (working days, pauses, extensions), which only chain/time can
 * compute, so the queues are formed here from the department's open cases rather than in SQL. Only the
 * columns the clock needs are read; the display columns are read for one page (see list-workbench-cases.ts).
 * A department's open cases number in the hundreds to low thousands, which this handles in one query.
 */
export async function loadOpenCases(ctx: Ctx, staff: StaffActor): Promise<OpenCase[]> {
  const rows: (SnapshotRow & { id: string; item_version_id: string; submitted_at: Date | string })[] =
    await ctx.em.getConnection().execute(
      `select id, status, flow, applicant_person_id, item_version_id, submitted_at
       from case_file where department_id = ? and status in (?)`,
      [staff.departmentId, OPEN_STATUSES],
      "all",
    );
  if (rows.length === 0) return [];
  const terms = await itemTerms(
    ctx.em,
    rows.map((r) => r.item_version_id),
  );
  const cal = await cachedWorkCalendar(ctx.em, ctx.now);
  const out: OpenCase[] = [];
  for (const r of rows) {
    const t = terms.get(r.item_version_id);
    if (!t) continue;
    const snap = snapshotOfRow(r, t);
    out.push({
      id: r.id,
      submittedAt: new Date(r.submitted_at),
      snap,
      terms: t,
      clock: clockBadge(cal, snap, ctx.now),
    });
  }
  return out;
}
