import { sqlRows } from "../../platform/index.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";
import { applicantScope } from "../cases/applicant-scope.ts";
import { applicantScopeSql } from "../cases/case-timeline.ts";
import { listMyCommitments } from "../cases/verification-tasks.ts";
import type { Ctx } from "../context.ts";
import { addDays } from "./space-subject.ts";

/**
 * A case that waits for the applicant: an open supplement notice, a 容缺 material due by a date, or a 告知承诺
 * commitment the department verifies by a date (the applicant must have met it by then).
 */
export interface WaitingCase {
  id: string;
  caseNo: string;
  itemName: string;
  reason: "supplement" | "deficiency" | "commitment";
  dueOn: string | null;
}

/** Something of the space that stops being valid soon. */
export interface ExpiringThing {
  kind: "material" | "result";
  id: string;
  title: string;
  validUntil: string;
}

/** The space's overview: counts by status, what waits for the applicant, and what expires within 30 days. */
export interface SpaceOverview {
  counts: Record<string, number>;
  waiting: WaitingCase[];
  expiring: ExpiringThing[];
}

export const EXPIRY_WINDOW_DAYS = 30;

/** The overview of whoever the actor acts as (an agent's counts cover only the items in scope). */
export async function getSpaceOverview(ctx: Ctx): Promise<SpaceOverview> {
  const scope = await applicantScope(ctx);
  const where = applicantScopeSql(scope);
  const today = toChinaDate(ctx.now);
  const until = addDays(today, EXPIRY_WINDOW_DAYS);
  const base = "from case_file c join service_item i on i.id = c.item_id";
  const countRows = await sqlRows<{ status: string; n: number }>(
    ctx.em,
    `select c.status, count(*)::int as n ${base} where ${where.sql} and c.status <> 'draft' group by c.status`,
    where.params,
  );
  const waitingRows = await sqlRows<{
    id: string;
    case_no: string;
    item_name: string;
    status: string;
    due_on: string | null;
  }>(
    ctx.em,
    `select c.id, c.case_no, i.name as item_name, c.status, c.flow->'deficiency'->>'dueOn' as due_on ${base}
     where ${where.sql}
       and (c.status = 'supplement_requested' or c.flow->'deficiency'->>'status' = 'open')
     order by c.submitted_at desc limit 50`,
    where.params,
  );
  const ownerCol = scope.type === "person" ? "owner_person_id" : "owner_enterprise_id";
  const holderCol = scope.type === "person" ? "holder_person_id" : "holder_enterprise_id";
  const ownerId = scope.type === "person" ? scope.personId : scope.enterpriseId;
  const expiring = await sqlRows<{
    kind: "material" | "result";
    id: string;
    title: string;
    valid_until: string;
  }>(
    ctx.em,
    `(select 'material' as kind, id, title, valid_until::text as valid_until from material
      where ${ownerCol} = ? and deleted_at is null and superseded_at is null
        and valid_until between ?::date and ?::date)
     union all
     (select 'result' as kind, id, name || '（' || number || '）' as title, valid_to::text as valid_until from result
      where ${holderCol} = ? and status = 'valid' and valid_to between ?::date and ?::date)
     order by valid_until limit 50`,
    [ownerId, today, until, ownerId, today, until],
  );
  return {
    counts: Object.fromEntries(countRows.map((r) => [r.status, r.n])),
    waiting: [
      ...waitingRows.map((r) => ({
        id: r.id,
        caseNo: r.case_no,
        itemName: r.item_name,
        reason: r.status === "supplement_requested" ? ("supplement" as const) : ("deficiency" as const),
        dueOn: r.status === "supplement_requested" ? null : r.due_on,
      })),
      ...(await listMyCommitments(ctx, { openOnly: true })).map((t) => ({
        id: t.caseId,
        caseNo: t.caseNo,
        itemName: t.itemName,
        reason: "commitment" as const,
        dueOn: t.dueOn,
      })),
    ],
    expiring: expiring.map((r) => ({ kind: r.kind, id: r.id, title: r.title, validUntil: r.valid_until })),
  };
}
