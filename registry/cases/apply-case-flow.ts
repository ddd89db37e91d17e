import { DomainError, type EntityManager } from "../../platform/index.ts";
import type { Actor } from "../context.ts";
import { appendCaseEvent } from "./append-case-event.ts";
import { Case, type CaseStatus, type StageCode } from "./case.entity.ts";

/** The outcome of one flow transition, as the case row and its event chain record it. */
export interface CaseFlowChange {
  /** The version the caller loaded; a different stored version means someone else acted first. */
  expectedVersion: number;
  flow: Record<string, unknown>;
  status: CaseStatus;
  /** Set on the transition that accepts the case; left as it is when omitted. */
  acceptedAt?: Date;
  statutoryDeadline: string | null;
  promisedDeadline: string | null;
  decision: "approved" | "denied" | null;
  /** Set on the transition that ends the case; left as it is when omitted. */
  concludedAt?: Date;
  events: { stage: StageCode; action: string; payload: Record<string, unknown>; actor: Actor; at: Date }[];
}

/**
 * Saves a flow transition in the caller's transaction: the case columns, the snapshot and one hash-chained
 * event per flow event. The version check here catches a stale screen; the row's optimistic version on flush
 * catches a writer that committed in between (transact turns both into CONFLICT). Returns the new version.
 */
export async function applyCaseFlow(
  em: EntityManager,
  caseId: string,
  change: CaseFlowChange,
): Promise<{ version: number }> {
  if (!em.isInTransaction()) throw new Error("applyCaseFlow must run inside a transaction");
  const c = await em.findOne(Case, { id: caseId });
  if (!c) throw new DomainError("NOT_FOUND", "未找到该办件");
  if (c.version !== change.expectedVersion) {
    throw new DomainError("CONFLICT", "数据已被他人修改，请刷新后重试");
  }
  c.flow = change.flow;
  c.status = change.status;
  if (change.acceptedAt) c.acceptedAt = change.acceptedAt;
  c.statutoryDeadline = change.statutoryDeadline;
  c.promisedDeadline = change.promisedDeadline;
  c.decision = change.decision;
  if (change.concludedAt) c.concludedAt = change.concludedAt;
  for (const e of change.events) appendCaseEvent(em, c, e);
  await em.flush();
  return { version: c.version };
}
