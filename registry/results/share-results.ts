import { z } from "zod";
import { DomainError, parseInput, sqlRows, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";
import type { Ctx } from "../context.ts";
import { ZUscc } from "../enterprises/enterprise.schema.ts";
import { ZIdNumber } from "../persons/person.schema.ts";
import { toResultView } from "./issue-result.ts";
import { Result } from "./result.entity.ts";
import type { ResultView } from "./result.schema.ts";

export const ZShareResultsInput = z
  .object({
    holderUscc: ZUscc.optional(),
    holderIdNumber: ZIdNumber.optional(),
    purpose: z.string("请填写调取用途").trim().min(2, "请填写调取用途（2-200 字）").max(200),
    caseNo: z.string("请填写关联办件编号").trim().min(4, "请填写关联办件编号").max(40),
  })
  .refine((v) => (v.holderUscc === undefined) !== (v.holderIdNumber === undefined), {
    path: ["holderUscc"],
    message: "holderUscc 与 holderIdNumber 须且只能填写一个",
  });
export type TShareResultsInput = z.input<typeof ZShareResultsInput>;

/** What a department system may see of a holder's results, and why the set is what it is. */
export interface SharedResults {
  holder: { type: "person" | "enterprise"; id: string };
  /** The result types the department may see (docs/decisions/013). */
  visibleTypes: string[];
  results: ResultView[];
}

/**
 * Results of one holder for data sharing (数据共享) with a department system. The caller states a purpose
 * and a case of its own department whose applicant is the holder; it sees only the result types one of its
 * current items issues or accepts as a material (docs/decisions/013). Every pull writes an audit row in the
 * same transaction as the read. An unknown holder, or a case of another department or another applicant,
 * is NOT_FOUND.
 */
export async function shareResultsOfHolder(ctx: Ctx, input: TShareResultsInput): Promise<SharedResults> {
  const a = ctx.actor;
  if (a.type !== "client") throw new DomainError("FORBIDDEN", "仅部门业务系统可调用数据共享接口");
  const data = parseInput(ZShareResultsInput, input);
  return transact(ctx.em, async (em) => {
    const holder = data.holderUscc
      ? (
          await sqlRows<{ id: string }>(em, "select id from enterprise where uscc = ?", [data.holderUscc])
        ).map((r) => ({ type: "enterprise" as const, id: r.id }))[0]
      : (
          await sqlRows<{ id: string }>(em, "select id from person where id_number_hash = ?", [
            ctx.pii.blindIndex(data.holderIdNumber!, "id"),
          ])
        ).map((r) => ({ type: "person" as const, id: r.id }))[0];
    if (!holder) throw new DomainError("NOT_FOUND", "未找到该持证主体");
    const [c] = await sqlRows<{ id: string }>(
      em,
      `select id from case_file where case_no = ? and department_id = ?
         and (applicant_enterprise_id = ?::uuid or (applicant_enterprise_id is null and applicant_person_id = ?::uuid))`,
      [data.caseNo, a.departmentId, holder.id, holder.id],
    );
    if (!c)
      throw new DomainError("NOT_FOUND", "关联办件不存在，或不属于本部门、不是该主体的办件", [
        { path: "caseNo", message: "未找到" },
      ]);
    const types = await sqlRows<{ code: string }>(
      em,
      `select distinct t.code from service_item i
       join service_item_version v on v.item_id = i.id and v.version = i.current_version
       cross join lateral (
         select v.definition->'resultType'->>'code' as code
         union all
         select jsonb_array_elements_text(coalesce(m->'acceptedResultTypes', '[]'::jsonb))
         from jsonb_array_elements(coalesce(v.definition->'materials', '[]'::jsonb)) m
       ) t
       where i.department_id = ? and t.code is not null
       order by t.code`,
      [a.departmentId],
    );
    const visibleTypes = types.map((t) => t.code);
    const where: Record<string, unknown> =
      holder.type === "person" ? { holderPerson: holder.id } : { holderEnterprise: holder.id };
    const rows = visibleTypes.length
      ? await em.find(
          Result,
          { ...where, resultTypeCode: { $in: visibleTypes } },
          {
            populate: ["issuingDepartment", "holderPerson", "holderEnterprise", "item"],
            orderBy: { issuedAt: "desc" },
          },
        )
      : [];
    recordAudit(
      em,
      a,
      ctx.now,
      "result.share",
      { type: holder.type, id: holder.id },
      { caseId: c.id, caseNo: data.caseNo, purpose: data.purpose, count: rows.length },
    );
    await em.flush();
    const today = toChinaDate(ctx.now);
    return { holder, visibleTypes, results: rows.map((r) => toResultView(r, today)) };
  });
}
