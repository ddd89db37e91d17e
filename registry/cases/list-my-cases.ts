import type { Ctx } from "../context.ts";
import { applicantScope } from "./applicant-scope.ts";
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
  const scope = await applicantScope(ctx);
  const limit = Math.min(Math.max(opts.limit ?? 20, 1), 100);
  const offset = Math.max(opts.offset ?? 0, 0);
  const where: Record<string, unknown> =
    scope.type === "person"
      ? { applicantPerson: scope.personId, applicantEnterprise: null }
      : {
          applicantEnterprise: scope.enterpriseId,
          ...(scope.items ? { item: { code: { $in: scope.items } } } : {}),
        };
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
