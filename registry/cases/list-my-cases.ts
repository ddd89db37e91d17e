import { z } from "zod";
import { parseInput } from "../../platform/index.ts";
import type { Ctx } from "../context.ts";
import { applicantScope } from "./applicant-scope.ts";
import { CASE_STATUSES, Case } from "./case.entity.ts";

/** Filters of "my cases": a status, an item code, and a range of submission dates (China days, inclusive). */
export const ZMyCasesFilter = z
  .object({
    status: z.enum(CASE_STATUSES, "状态无效").optional(),
    itemCode: z
      .string()
      .regex(/^[A-Z0-9][A-Z0-9-]{3,39}$/, "事项编码无效")
      .optional(),
    from: z.iso.date("开始日期格式应为 YYYY-MM-DD").optional(),
    to: z.iso.date("结束日期格式应为 YYYY-MM-DD").optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "结束日期不能早于开始日期" });
export type TMyCasesFilter = z.input<typeof ZMyCasesFilter>;

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
  opts: { limit?: number; offset?: number; filter?: TMyCasesFilter } = {},
): Promise<{ total: number; cases: CaseSummary[] }> {
  const f = parseInput(ZMyCasesFilter, opts.filter ?? {});
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
  if (f.status) where.status = f.status;
  if (f.itemCode)
    where.item = {
      ...(where.item as object),
      code:
        scope.type === "enterprise" && scope.items
          ? { $in: scope.items.filter((c) => c === f.itemCode) }
          : f.itemCode,
    };
  if (f.from || f.to) {
    where.submittedAt = {
      ...(f.from ? { $gte: new Date(`${f.from}T00:00:00+08:00`) } : {}),
      ...(f.to ? { $lt: new Date(Date.parse(`${f.to}T00:00:00+08:00`) + 86_400_000) } : {}),
    };
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
