import { DomainError } from "../../platform/index.ts";
import { type Ctx, isAdmin } from "../context.ts";
import { Case, CaseEvent } from "./case.entity.ts";
import { eventHash, GENESIS_HASH } from "./hash-chain.ts";

/** The outcome of checking one case's event chain. */
export interface ChainVerification {
  caseNo: string;
  events: number;
  ok: boolean;
  /** The first broken event, if any, and why. */
  brokenAt: {
    seq: number;
    reason: "hash_mismatch" | "prev_hash_mismatch" | "sequence_gap" | "head_mismatch";
  } | null;
}

/**
 * Recomputes every hash of a case's events from the stored fields. Detects edited rows, removed or
 * reordered rows and a case head that does not match the last event.
 */
export async function verifyCaseEvents(ctx: Ctx, caseId: string): Promise<ChainVerification> {
  const c = await ctx.em.findOne(Case, { id: caseId });
  const a = ctx.actor;
  // Supervisors and administrators verify any case; a department its own cases.
  const allowed =
    isAdmin(a) ||
    (a.type === "person" &&
      !!a.staff &&
      (a.staff.roles.includes("supervisor") || a.staff.departmentId === c?.department.id));
  if (!c || !allowed) throw new DomainError("NOT_FOUND", "未找到该办件");
  const events = await ctx.em.find(CaseEvent, { case: c }, { orderBy: { seq: "asc" } });
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  const result = (brokenAt: ChainVerification["brokenAt"]): ChainVerification => ({
    caseNo: c.caseNo,
    events: events.length,
    ok: brokenAt === null,
    brokenAt,
  });
  for (const e of events) {
    if (e.seq !== expectedSeq) return result({ seq: expectedSeq, reason: "sequence_gap" });
    if (e.prevHash !== prev) return result({ seq: e.seq, reason: "prev_hash_mismatch" });
    const h = eventHash(prev, {
      caseId: c.id,
      seq: e.seq,
      stage: e.stage,
      action: e.action,
      actorType: e.actorType,
      actorId: e.actorId ?? null,
      actorName: e.actorName,
      at: e.at,
      payload: e.payload,
    });
    if (h !== e.hash) return result({ seq: e.seq, reason: "hash_mismatch" });
    prev = e.hash;
    expectedSeq++;
  }
  if (c.eventCount !== events.length || (c.lastEventHash ?? GENESIS_HASH) !== prev) {
    return result({ seq: events.length, reason: "head_mismatch" });
  }
  return result(null);
}
