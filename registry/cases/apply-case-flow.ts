import {
  DomainError,
  type EntityManager,
  OUTBOX_NOTIFY_SQL,
  outboxInsertCte,
  sqlRows,
} from "../../platform/index.ts";
import { caseEventParams, chainCaseEvents, type NewCaseEvent } from "./append-case-event.ts";
import type { CaseStatus } from "./case.entity.ts";
import { type CaseForFlow, forgetSavedCase, rememberSavedCase } from "./load-case-for-flow.ts";

/** The outcome of one flow transition, as the case row and its event chain record it. */
export interface CaseFlowChange {
  flow: Record<string, unknown>;
  status: CaseStatus;
  /** Set on the transition that accepts the case; left as it is when omitted. */
  acceptedAt?: Date;
  statutoryDeadline: string | null;
  promisedDeadline: string | null;
  decision: "approved" | "denied" | null;
  /** Set on the transition that ends the case; left as it is when omitted. */
  concludedAt?: Date;
  events: NewCaseEvent[];
  /** Outbox events for the jobs that follow, written with the change (none when the change is refused). */
  outbox: { topic: string; payloads: Record<string, unknown>[] };
}

const STALE = "数据已被他人修改，请刷新后重试";

/**
 * A write the case change depends on, placed before it in the same statement as the CTE `g`: a guarded update
 * (e.g. of the case's business-chain instance, `where version = ?`) returning a row when it matched. The case is
 * updated only when `g` matched; when `g` matched but the case did not (someone else acted on the case), the
 * statement raises, so `g` is undone too. A `g` that did not match writes nothing and applyCaseFlow throws
 * GuardMissed, for the caller to re-read and retry.
 */
export interface CaseFlowGuard {
  sql: string;
  params: unknown[];
}

/** The guard of applyCaseFlow did not match (what it guards changed since it was read); nothing was written. */
export class GuardMissed extends Error {
  constructor() {
    super("guarded row changed");
    this.name = "GuardMissed";
  }
}

/*
 * Raised (as a failing cast) to undo the guard's write when the case itself was stale. The text depends on a
 * subquery, so the planner cannot fold the cast into a constant and raise it whether the branch is taken or not.
 */
const STALE_MARK = "tongban:stale-case";

/**
 * More writes that belong to a transition (a result issued on conclusion, a verification task), as CTEs of the
 * same statement: `sql` is a comma-separated list of CTEs that select from `u` (the updated case row: id,
 * version, item_id, department_id), so they write only when the update matched; `params` bind its `?` in
 * order; `select` adds output columns to the final row (e.g. `(select number from r) as result_number`).
 */
export interface CaseFlowFollowUp {
  sql: string;
  params: unknown[];
  select?: string;
}

/**
 * Saves a flow transition of the case `c` as loaded by loadCaseForFlow in one statement, which is atomic by
 * itself and joins the caller's transaction when there is one: the case columns and snapshot, guarded by the
 * version `c` was loaded at; one hash-chained case_event per flow event continuing the chain `c` ended in;
 * the outbox rows and their NOTIFY; and the follow-ups' writes. Someone else's action since the load (a new
 * version) writes nothing and is a CONFLICT. Returns the new version and the follow-ups' output columns.
 */
export async function applyCaseFlow(
  em: EntityManager,
  c: CaseForFlow,
  change: CaseFlowChange,
  followUps: readonly CaseFlowFollowUp[] = [],
  guard?: CaseFlowGuard,
): Promise<{ version: number } & Record<string, unknown>> {
  const events = chainCaseEvents(c.id, c.eventCount, c.lastEventHash, change.events);
  const last = events.at(-1);
  // One typed row per event (each value parsed once by its input function, the payload once as jsonb).
  const eventRows = events.map(() => "(?::int, ?, ?, ?, ?, ?, ?::timestamptz, ?::jsonb, ?, ?)").join(", ");
  const eventParams = events.flatMap((e) => [e.seq, ...caseEventParams(e)]);
  const flowJson = JSON.stringify(change.flow);
  // The events and outbox rows are inserted only when the guarded update matched (they select from `u`), so
  // a lost race writes nothing at all.
  const selects = [...followUps.flatMap((f) => (f.select ? [f.select] : [])), OUTBOX_NOTIFY_SQL].join(", ");
  const out = await sqlRows<{ version: number } & Record<string, unknown>>(
    em,
    `with ${guard ? `g as (${guard.sql}),\n     ` : ""}u as (
       update case_file set flow = ?::jsonb, status = ?, accepted_at = coalesce(?::timestamptz, accepted_at),
         statutory_deadline = ?::date, promised_deadline = ?::date, decision = ?,
         concluded_at = coalesce(?::timestamptz, concluded_at), event_count = ?, last_event_hash = ?,
         updated_at = now(), version = version + 1
       where id = ? and version = ?${guard ? " and exists (select 1 from g)" : ""}
       returning id, version, item_id, department_id),
     ${
       events.length
         ? `e as (
       insert into case_event (case_id, seq, stage, action, actor_type, actor_id, actor_name, at, payload,
                               prev_hash, hash)
       select u.id, r.seq, r.stage, r.action, r.actor_type, r.actor_id, r.actor_name, r.at, r.payload,
              r.prev_hash, r.hash
       from u, (values ${eventRows}) as r(seq, stage, action, actor_type, actor_id, actor_name, at, payload,
                                          prev_hash, hash)),
     `
         : ""
     }${outboxInsertCte("o", "u")}${followUps.map((f) => `,\n     ${f.sql}`).join("")}
     ${
       guard
         ? `select u.version, ${selects}, (select count(*) from g)::int as guard_matched,
              case when u.id is null and exists (select 1 from g)
                then cast('${STALE_MARK}:' || (select count(*) from g)::text as int) end as stale
            from (select 1) as one left join u on true`
         : `select u.version, ${selects} from u`
     }`,
    [
      ...(guard?.params ?? []),
      flowJson,
      change.status,
      change.acceptedAt?.toISOString() ?? null,
      change.statutoryDeadline,
      change.promisedDeadline,
      change.decision,
      change.concludedAt?.toISOString() ?? null,
      last?.seq ?? c.eventCount,
      last?.hash ?? c.lastEventHash,
      c.id,
      c.version,
      ...eventParams,
      change.outbox.topic,
      JSON.stringify(change.outbox.payloads),
      ...followUps.flatMap((f) => f.params),
    ],
  ).catch((e: unknown) => {
    if (e instanceof Error && e.message.includes(STALE_MARK)) throw new DomainError("CONFLICT", STALE);
    throw e;
  });
  const saved = out[0];
  if (guard && saved?.guard_matched === 0) throw new GuardMissed();
  if (!saved || saved.version == null) throw new DomainError("CONFLICT", STALE);
  // A statement of its own has committed: the next action on the case can start from what was written.
  if (em.getTransactionContext()) forgetSavedCase(c.id);
  else
    rememberSavedCase({
      ...c,
      version: saved.version,
      status: change.status,
      // As the database holds it (JSON drops undefined members), not the planner's object.
      flow: JSON.parse(flowJson),
      acceptedAt: change.acceptedAt ?? c.acceptedAt,
      concludedAt: change.concludedAt ?? c.concludedAt,
      eventCount: last?.seq ?? c.eventCount,
      lastEventHash: last?.hash ?? c.lastEventHash,
    });
  return saved;
}
