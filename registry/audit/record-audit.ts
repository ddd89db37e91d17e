import type { EntityManager } from "../../platform/index.ts";
import { type Actor, actorId } from "../context.ts";
import { AuditLog } from "./audit.entity.ts";

/** Appends an audit row in the caller's unit of work. */
export function recordAudit(
  em: EntityManager,
  actor: Actor,
  at: Date,
  action: string,
  subject: { type: string; id: string },
  detail: Record<string, unknown> = {},
): void {
  em.create(AuditLog, {
    at,
    actorType: actor.type,
    actorId: actorId(actor),
    action,
    subjectType: subject.type,
    subjectId: subject.id,
    detail,
  });
}
