import type { EntityManager } from "../../platform/index.ts";
import { type Actor, actorId } from "../context.ts";
import { Case, CaseEvent, type ICase, type StageCode } from "./case.entity.ts";
import { eventHash, GENESIS_HASH, type HashedEventFields } from "./hash-chain.ts";

/** An event to record on a case, before it is numbered and hashed. */
export interface NewCaseEvent {
  stage: StageCode;
  action: string;
  actor: Actor;
  at: Date;
  payload?: Record<string, unknown>;
}

/** A numbered, hashed case_event row, ready to insert. */
export interface ChainedCaseEvent extends HashedEventFields {
  prevHash: string;
  hash: string;
}

/**
 * A chained event's values for the `case_event` columns after `case_id` and `seq` (stage, action, actor_type,
 * actor_id, actor_name, at, payload, prev_hash, hash), as bind parameters: `at` as ISO text, `payload` as JSON.
 */
export function caseEventParams(e: ChainedCaseEvent): unknown[] {
  return [
    e.stage,
    e.action,
    e.actorType,
    e.actorId,
    e.actorName,
    e.at.toISOString(),
    JSON.stringify(e.payload),
    e.prevHash,
    e.hash,
  ];
}

/**
 * Numbers and hash-chains events that follow a case's `eventCount` events ending in `lastEventHash`. Both
 * the unit-of-work path (appendCaseEvent) and the flow runtime's SQL path (applyCaseFlow) chain through here.
 */
export function chainCaseEvents(
  caseId: string,
  eventCount: number,
  lastEventHash: string | null,
  events: readonly NewCaseEvent[],
): ChainedCaseEvent[] {
  let prevHash = lastEventHash ?? GENESIS_HASH;
  return events.map((e, i) => {
    const fields: HashedEventFields = {
      caseId,
      seq: eventCount + i + 1,
      stage: e.stage,
      action: e.action,
      actorType: e.actor.type,
      actorId: actorId(e.actor),
      actorName: e.actor.name,
      at: e.at,
      payload: e.payload ?? {},
    };
    const row = { ...fields, prevHash, hash: eventHash(prevHash, fields) };
    prevHash = row.hash;
    return row;
  });
}

/**
 * Appends the next hash-chained event of a case in the caller's transaction. The case row carries the
 * count and last hash and is version-checked on flush, so two concurrent appends cannot both succeed.
 */
export function appendCaseEvent(em: EntityManager, c: ICase, e: NewCaseEvent): void {
  const [{ caseId, ...row }] = chainCaseEvents(c.id, c.eventCount, c.lastEventHash ?? null, [e]) as [
    ChainedCaseEvent,
  ];
  em.create(CaseEvent, { ...row, case: em.getReference(Case, caseId) });
  c.eventCount = row.seq;
  c.lastEventHash = row.hash;
}
