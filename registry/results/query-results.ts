import { DomainError, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";
import { type Ctx, isAdmin } from "../context.ts";
import { assertActsFor, type Subject } from "../enterprises/assert-may-act.ts";
import { toResultView } from "./issue-result.ts";
import { Result } from "./result.entity.ts";
import type { ResultView } from "./result.schema.ts";

/** The results a holder has, newest first; to the holder (or who acts for it) and administrators. */
export async function listResultsOfHolder(
  ctx: Ctx,
  holder: Subject,
  opts: { onlyValid?: boolean; types?: string[] } = {},
): Promise<ResultView[]> {
  await assertActsFor(ctx, holder, "无权查看他人的证照");
  const today = toChinaDate(ctx.now);
  const where: Record<string, unknown> =
    holder.type === "person" ? { holderPerson: holder.personId } : { holderEnterprise: holder.enterpriseId };
  if (opts.types?.length) where.resultTypeCode = { $in: opts.types };
  if (opts.onlyValid)
    Object.assign(where, { status: "valid", $or: [{ validTo: null }, { validTo: { $gte: today } }] });
  const rows = await ctx.em.find(Result, where, {
    populate: ["issuingDepartment", "holderPerson", "holderEnterprise", "item"],
    orderBy: { issuedAt: "desc" },
  });
  return rows.map((r) => toResultView(r, today));
}

/** Revokes a result; only its issuing department's approver or an administrator, with a reason. */
export async function revokeResult(
  ctx: Ctx,
  input: { resultId: string; reason: string },
): Promise<ResultView> {
  const reason = (input.reason ?? "").trim();
  if (reason.length < 2 || reason.length > 200)
    throw new DomainError("VALIDATION", "请填写撤销原因（2-200 字）", [{ path: "reason", message: "必填" }]);
  return transact(ctx.em, async (em) => {
    const r = await em.findOne(
      Result,
      { id: input.resultId },
      { populate: ["issuingDepartment", "holderPerson", "holderEnterprise", "item"] },
    );
    if (!r) throw new DomainError("NOT_FOUND", "证照不存在");
    const a = ctx.actor;
    const may =
      isAdmin(a) ||
      (a.type === "person" &&
        a.staff?.departmentId === r.issuingDepartment.id &&
        a.staff.roles.includes("approver"));
    if (!may) throw new DomainError("FORBIDDEN", "只有签发部门的审批人员可以撤销证照");
    if (r.status === "revoked") throw new DomainError("INVALID_STATE", "证照已撤销");
    r.status = "revoked";
    r.revokedAt = ctx.now;
    r.revokeReason = reason;
    recordAudit(em, ctx.actor, ctx.now, "result.revoke", { type: "result", id: r.id }, { reason });
    await em.flush();
    return toResultView(r, toChinaDate(ctx.now));
  });
}
