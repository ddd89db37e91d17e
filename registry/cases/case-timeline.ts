import { z } from "zod";
import { DomainError, parseInput, sqlRows } from "../../platform/index.ts";
import type { Ctx } from "../context.ts";
import { type ApplicantScope, applicantScope } from "./applicant-scope.ts";
import type { StageCode } from "./case.entity.ts";

/** One case event as its applicant sees it (the event feed of the spaces; messages derive from it). */
export interface ApplicantCaseEvent {
  /** The event's id, increasing in commit order per case; use the last one seen as the `afterId` cursor. */
  id: string;
  caseId: string;
  caseNo: string;
  itemName: string;
  seq: number;
  stage: StageCode;
  action: string;
  at: string;
  /** Who acted, as the applicant may know it: themself (or their enterprise), the department, or the platform. */
  by: "applicant" | "department" | "platform";
  /** The facts the applicant is told (reasons, listed materials, deadlines, decisions); no internal opinions. */
  details: Record<string, unknown>;
}

/** Events that are the department's or the supervisor's business only (loop guard, 二次补正 violation). */
export const INTERNAL_CASE_ACTIONS = new Set(["arbitrationRequested", "repeatedSupplementNotice"]);
/** Actions the applicant side performs. */
const APPLICANT_ACTIONS = new Set(["submit", "supplement", "withdraw"]);
/** Payload fields an applicant is told. Review opinions, return-to-step reasons and approver names are not. */
const TOLD = [
  "channel",
  "materials",
  "items",
  "notice",
  "clockPaused",
  "reason",
  "legalBasis",
  "statutoryDays",
  "promisedDays",
  "statutoryDeadline",
  "promisedDeadline",
  "materialCode",
  "dueOn",
  "commitment",
  "commitmentText",
  "verificationTask",
  "kind",
  "outcome",
  "days",
  "approve",
  "approved",
  "reasons",
  "basis",
  "terminated",
  "stepName",
  "passed",
  "finding",
  "revokedResults",
  "chain",
] as const;

function told(stage: string, action: string, payload: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of TOLD) if (payload[k] !== undefined) out[k] = payload[k];
  // Inside review the reasons are the department's working notes; a return to the applicant (退件) states its own.
  if (stage === "审查" && action !== "extend") delete out.reason;
  if (action === "review" || action === "skip") out.pass = payload.pass ?? true;
  return out;
}

export const ZListMyCaseEvents = z.object({
  /** One case's whole timeline (oldest first); without it, the newest events of all the applicant's cases. */
  caseId: z.uuid("办件编号无效").optional(),
  /** Only events after this id (for polling the feed). */
  afterId: z
    .string()
    .regex(/^\d{1,18}$/, "游标无效")
    .optional(),
  /** Only events before this id (older pages of the feed, newest first). */
  beforeId: z
    .string()
    .regex(/^\d{1,18}$/, "游标无效")
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The SQL condition (over `case_file c` joined to `service_item i`) selecting a scope's cases. */
export function applicantScopeSql(scope: ApplicantScope): { sql: string; params: unknown[] } {
  if (scope.type === "person") {
    return {
      sql: "c.applicant_person_id = ? and c.applicant_enterprise_id is null",
      params: [scope.personId],
    };
  }
  return scope.items
    ? {
        sql: "c.applicant_enterprise_id = ? and i.code = any(?::text[])",
        params: [scope.enterpriseId, scope.items],
      }
    : { sql: "c.applicant_enterprise_id = ?", params: [scope.enterpriseId] };
}

/**
 * The case events of whoever the actor acts as (their own cases, or an enterprise's within an agent's scope),
 * as committed: an event is here the moment its action commits. With `caseId`, that case's timeline oldest
 * first (NOT_FOUND when it is not the actor's); otherwise the newest events first. Details are curated (see
 * TOLD); internal events (the loop guard, supervision violations) are left out.
 */
export async function listMyCaseEvents(
  ctx: Ctx,
  input: z.input<typeof ZListMyCaseEvents> = {},
): Promise<ApplicantCaseEvent[]> {
  const q = parseInput(ZListMyCaseEvents, input);
  const scope = applicantScopeSql(await applicantScope(ctx));
  const params: unknown[] = [...scope.params];
  let filter = "";
  if (q.caseId) {
    filter += " and c.id = ?";
    params.push(q.caseId);
  }
  if (q.afterId) {
    filter += " and e.id > ?";
    params.push(q.afterId);
  }
  if (q.beforeId) {
    filter += " and e.id < ?";
    params.push(q.beforeId);
  }
  const rows = await sqlRows<{
    id: string;
    case_id: string;
    case_no: string;
    item_name: string;
    seq: number;
    stage: StageCode;
    action: string;
    at: string;
    actor_type: string;
    payload: Record<string, unknown>;
  }>(
    ctx.em,
    `select e.id, e.case_id, c.case_no, i.name as item_name, e.seq, e.stage, e.action, e.at, e.actor_type,
            e.payload
     from case_event e join case_file c on c.id = e.case_id join service_item i on i.id = c.item_id
     where ${scope.sql}${filter} and e.action <> all(?::text[])
     order by ${q.caseId ? "e.seq asc" : "e.id desc"} limit ${q.limit}`,
    [...params, [...INTERNAL_CASE_ACTIONS]],
  );
  if (q.caseId && rows.length === 0) {
    // Either not the actor's case, or (impossible for a real case, which has its submission event) empty.
    const [own] = await sqlRows<{ n: number }>(
      ctx.em,
      `select count(*)::int as n from case_file c join service_item i on i.id = c.item_id
       where ${scope.sql} and c.id = ?`,
      [...scope.params, q.caseId],
    );
    if (!own?.n) throw new DomainError("NOT_FOUND", "未找到该办件");
  }
  return rows.map((r) => ({
    id: String(r.id),
    caseId: r.case_id,
    caseNo: r.case_no,
    itemName: r.item_name,
    seq: r.seq,
    stage: r.stage,
    action: r.action,
    at: new Date(r.at).toISOString(),
    by:
      APPLICANT_ACTIONS.has(r.action) || (r.action === "receive" && r.payload.by === "applicant")
        ? "applicant"
        : r.actor_type === "system"
          ? "platform"
          : "department",
    details: told(r.stage, r.action, r.payload),
  }));
}
