import type { EntityManager } from "../../platform/index.ts";
import { type Actor, actorId } from "../context.ts";
import { Case, CaseEvent, type ICase, type StageCode } from "./case.entity.ts";
import { eventHash, GENESIS_HASH } from "./hash-chain.ts";

/**
 * Appends the next hash-chained event of a case in the caller's transaction. The case row carries the
 * count and last hash and is version-checked on flush, so two concurrent appends cannot both succeed.
 */
export function appendCaseEvent(
  em: EntityManager,
  c: ICase,
  e: { stage: StageCode; action: string; actor: Actor; at: Date; payload?: Record<string, unknown> },
): void {
  const seq = c.eventCount + 1;
  const prevHash = c.lastEventHash ?? GENESIS_HASH;
  const fields = {
    caseId: c.id,
    seq,
    stage: e.stage,
    action: e.action,
    actorType: e.actor.type,
    actorId: actorId(e.actor),
    actorName: e.actor.name,
    at: e.at,
    payload: e.payload ?? {},
  };
  const hash = eventHash(prevHash, fields);
  em.create(CaseEvent, {
    case: em.getReference(Case, c.id),
    seq,
    stage: fields.stage,
    action: fields.action,
    actorType: fields.actorType,
    actorId: fields.actorId,
    actorName: fields.actorName,
    at: fields.at,
    payload: fields.payload,
    prevHash,
    hash,
  });
  c.eventCount = seq;
  c.lastEventHash = hash;
}
