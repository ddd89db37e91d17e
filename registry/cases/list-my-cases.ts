import { DomainError } from "../../platform/index.ts";
import type { Ctx } from "../context.ts";
import { assertMayActFor } from "../enterprises/assert-may-act.ts";
import { Case } from "./case.entity.ts";

/** One line of "my cases". */
export interface CaseSummary {
  id: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  departmentName: string;
  status: string;
  submittedAt: string;
  promisedDeadline: string | null;
  decision: "approved" | "denied" | null;
}

/**
 * The cases of whoever the actor acts as: their own as an individual, or the enterprise's when acting
 * for it (an agent sees only the items in their scope). Newest first.
 */
export async function listMyCases(
  ctx: Ctx,
  opts: { limit?: number; offset?: number } = {},
): Promise<{ total: number; cases: CaseSummary[] }> {
  const a = ctx.actor;
  if (a.type !== "person") throw new DomainError("UNAUTHENTICATED");
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
  const offset = Math.max(opts.offset ?? 0, 0);
  let where: Record<string, unknown>;
  if (a.actingFor) {
    await assertMayActFor(ctx.em, a.personId, a.actingFor.enterpriseId, ctx.now);
    where = { applicantEnterprise: a.actingFor.enterpriseId };
    const scope = await agentScope(ctx, a.personId, a.actingFor.enterpriseId);
    if (scope) where.item = { code: { $in: scope } };
  } else {
    where = { applicantPerson: a.personId, applicantEnterprise: null };
  }
  const [rows, total] = await ctx.em.findAndCount(Case, where, {
    populate: ["item", "department"],
    orderBy: { submittedAt: "desc" },
    limit,
    offset,
  });
  return {
    total,
    cases: rows.map((c) => ({
      id: c.id,
      caseNo: c.caseNo,
      itemCode: c.item.unwrap().code,
      itemName: c.item.unwrap().name,
      departmentName: c.department.unwrap().name,
      status: c.status,
      submittedAt: c.submittedAt.toISOString(),
      promisedDeadline: c.promisedDeadline ?? null,
      decision: c.decision ?? null,
    })),
  };
}

/** The item codes an agent is limited to, or null for every item. */
async function agentScope(ctx: Ctx, personId: string, enterpriseId: string): Promise<string[] | null> {
  const rows: { scope_all: boolean; scope_items: string[] }[] = await ctx.em
    .getConnection()
    .execute(
      "select scope_all, scope_items from enterprise_member where person_id = ? and enterprise_id = ? and revoked_at is null limit 1",
      [personId, enterpriseId],
    );
  const m = rows[0];
  return !m || m.scope_all ? null : m.scope_items;
}
