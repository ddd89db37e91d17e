import { DomainError, logger, sqlRows } from "../../platform/index.ts";
import { type Ctx, toChinaDate } from "../../registry/index.ts";
import { performCaseAction } from "./perform-case-action.ts";

/** Statuses in which an accepted case may still owe its 容缺 material (the flow's rule for deficiencyExpired). */
const OWING = ["accepted", "in_review", "special_procedure", "supplement_requested", "decided"];

/**
 * 容缺受理 whose material did not come by its due date: each such case is terminated by the platform
 * (deficiencyExpired, hash-chained like any action, the applicant told through the outbox). Runs as the
 * system actor only. A case someone acts on at the same moment is left for the next sweep (CONFLICT); any
 * other refusal is logged and counted. Returns what it did.
 */
export async function sweepExpiredDeficiencies(
  ctx: Ctx,
  opts: { limit?: number } = {},
): Promise<{ terminated: number; conflicts: number; failed: number }> {
  if (ctx.actor.type !== "system") throw new DomainError("FORBIDDEN", "只有平台可以执行容缺逾期清理");
  const limit = Math.min(Math.max(opts.limit ?? 500, 1), 5000);
  const due = await sqlRows<{ id: string; version: number }>(
    ctx.em,
    `select id, version from case_file
     where flow->'deficiency'->>'status' = 'open' and flow->'deficiency'->>'dueOn' < ?
       and status = any(?::text[])
     order by flow->'deficiency'->>'dueOn', id limit ${limit}`,
    [toChinaDate(ctx.now), OWING],
  );
  const outcome = { terminated: 0, conflicts: 0, failed: 0 };
  for (const c of due) {
    try {
      await performCaseAction(
        { ...ctx, em: ctx.em.fork() },
        { caseId: c.id, action: { type: "deficiencyExpired" }, expectedVersion: c.version },
      );
      outcome.terminated++;
    } catch (e) {
      if (e instanceof DomainError && e.code === "CONFLICT") outcome.conflicts++;
      else {
        outcome.failed++;
        logger.warn({ caseId: c.id, err: String(e) }, "deficiency sweep: case not terminated");
      }
    }
  }
  return outcome;
}
