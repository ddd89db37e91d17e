import type { EntityManager } from "../../platform/index.ts";
import {
  type CaseStatus,
  type CaseSummary,
  type Ctx,
  listMyCases,
  type TFlowTemplate,
  type WorkCalendar,
} from "../../registry/index.ts";
import { type CaseSnapshot, initialSnapshot } from "../flow/index.ts";
import { cachedWorkCalendar } from "../runtime/work-calendar-cache.ts";
import { clockStatus } from "../time/index.ts";
import type { CaseClockBadge } from "./workbench.schema.ts";

/** Statuses in which the legal clock matters: accepted and not yet closed (due soon / overdue). */
export const ACTIVE_STATUSES: readonly CaseStatus[] = [
  "accepted",
  "in_review",
  "special_procedure",
  "supplement_requested",
  "decided",
];

/** Statuses of cases still open on the workbench (every queue draws from these). */
export const OPEN_STATUSES: readonly CaseStatus[] = ["draft", "submitted", ...ACTIVE_STATUSES];

/** What the clock and the queues need of an item version's definition. */
export interface ItemTerms {
  template: TFlowTemplate;
  statutoryDays: number;
  promisedDays: number;
  yellowAt: number;
  issuesResult: boolean;
}

/*
 * A published item version never changes, so its terms are kept per process by version id (as the flow
 * runtime keeps definitions); only the few fields the clock needs are read, never the whole definition.
 */
const TERMS_LIMIT = 2000;
const terms = new Map<string, ItemTerms>();

/** The terms of the given item versions, by version id. */
export async function itemTerms(em: EntityManager, versionIds: string[]): Promise<Map<string, ItemTerms>> {
  const missing = [...new Set(versionIds)].filter((id) => !terms.has(id));
  if (missing.length > 0) {
    const rows: {
      id: string;
      flow_template: TFlowTemplate;
      statutory_days: number;
      promised_days: number;
      yellow_at: number | null;
      issues_result: boolean;
    }[] = await em.getConnection().execute(
      `select id, definition->'flowTemplate' as flow_template,
              (definition->>'statutoryDays')::int as statutory_days,
              (definition->>'promisedDays')::int as promised_days,
              (definition->>'yellowAt')::float8 as yellow_at,
              coalesce(jsonb_typeof(definition->'resultType') = 'object', false) as issues_result
       from service_item_version where id in (?)`,
      [missing],
      "all",
    );
    if (terms.size + rows.length > TERMS_LIMIT) terms.clear();
    for (const r of rows) {
      terms.set(r.id, {
        template: r.flow_template,
        statutoryDays: r.statutory_days,
        promisedDays: r.promised_days,
        yellowAt: r.yellow_at ?? 2 / 3,
        issuesResult: r.issues_result,
      });
    }
  }
  const out = new Map<string, ItemTerms>();
  for (const id of versionIds) {
    const t = terms.get(id);
    if (t) out.set(id, t);
  }
  return out;
}

/** The columns of a case row the snapshot is rebuilt from. */
export interface SnapshotRow {
  status: CaseStatus;
  flow: Record<string, unknown> | null;
  applicant_person_id: string;
}

/**
 * The stored snapshot, or the first one from the item's terms for a case the flow never touched (the
 * semantics of chain/runtime snapshotOf).
 */
export function snapshotOfRow(row: SnapshotRow, t: ItemTerms): CaseSnapshot {
  if (row.flow) return row.flow as unknown as CaseSnapshot;
  return initialSnapshot(t.template, {
    applicantId: row.applicant_person_id,
    statutoryDays: t.statutoryDays,
    promisedDays: t.promisedDays,
    yellowAt: t.yellowAt,
    issuesResult: t.issuesResult,
    status: row.status === "draft" ? "draft" : "submitted",
  });
}

const NO_CLOCK: CaseClockBadge = { remainingWorkingDays: null, level: "none", paused: false };

/** The badge of a case: its clock while active; closed and not-yet-accepted cases show no days. */
export function clockBadge(cal: WorkCalendar, snap: CaseSnapshot, now: Date): CaseClockBadge {
  if (!ACTIVE_STATUSES.includes(snap.status)) return NO_CLOCK;
  const c = clockStatus(cal, snap.clock, now);
  return { remainingWorkingDays: c.remainingWorkingDays, level: c.level, paused: c.paused };
}

/**
 * The clock badges of the given cases, by id. No authorisation: pass only ids the caller may already see
 * (as listMyCasesWithClocks does); unknown ids are left out.
 */
export async function caseClocks(ctx: Ctx, caseIds: string[]): Promise<Map<string, CaseClockBadge>> {
  const out = new Map<string, CaseClockBadge>();
  if (caseIds.length === 0) return out;
  const rows: (SnapshotRow & { id: string; item_version_id: string })[] = await ctx.em
    .getConnection()
    .execute(
      "select id, status, flow, applicant_person_id, item_version_id from case_file where id in (?)",
      [caseIds],
      "all",
    );
  const t = await itemTerms(
    ctx.em,
    rows.map((r) => r.item_version_id),
  );
  const cal = await cachedWorkCalendar(ctx.em, ctx.now);
  for (const r of rows) {
    const terms = t.get(r.item_version_id);
    if (terms) out.set(r.id, clockBadge(cal, snapshotOfRow(r, terms), ctx.now));
  }
  return out;
}

/** A line of "my cases" with its remaining working days. */
export type CaseSummaryWithClock = CaseSummary & CaseClockBadge;

/** The applicant's own cases (registry listMyCases, with its authorisation) and each one's clock. */
export async function listMyCasesWithClocks(
  ctx: Ctx,
  opts: Parameters<typeof listMyCases>[1] = {},
): Promise<{ total: number; cases: CaseSummaryWithClock[] }> {
  const r = await listMyCases(ctx, opts);
  const clocks = await caseClocks(
    ctx,
    r.cases.map((c) => c.id),
  );
  return {
    total: r.total,
    cases: r.cases.map((c) => ({ ...c, ...(clocks.get(c.id) ?? NO_CLOCK) })),
  };
}
