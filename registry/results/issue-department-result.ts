import { z } from "zod";
import { DomainError, parseInput, sqlRows } from "../../platform/index.ts";
import type { Ctx } from "../context.ts";
import { issueResult } from "./issue-result.ts";
import type { ResultView } from "./result.schema.ts";

const MAX_RESULT_PDF_BYTES = 20 * 1024 * 1024;

/** The metadata part of a result a department system pushes for one of its cases. */
export const ZDepartmentResultInput = z.object({
  resultTypeCode: z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/, "证照类型代码格式不正确"),
  data: z.record(z.string(), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])).default({}),
  validFrom: z.iso.date("日期格式应为 YYYY-MM-DD"),
  validTo: z.iso.date("日期格式应为 YYYY-MM-DD").nullable().optional(),
});
export type TDepartmentResultInput = z.input<typeof ZDepartmentResultInput>;

/**
 * A result (证照) a department system issues for one of its department's cases, held by the case's
 * applicant, with its PDF stored beside it. Another department's case is NOT_FOUND; a file that is not a
 * PDF is UNSUPPORTED_MEDIA_TYPE; the stored file is removed again when the result is refused.
 */
export async function issueDepartmentResult(
  ctx: Ctx,
  input: { caseId: string; metadata: TDepartmentResultInput; pdf: Buffer },
): Promise<ResultView> {
  const a = ctx.actor;
  if (a.type !== "client") throw new DomainError("FORBIDDEN", "仅部门业务系统可调用此接口");
  if (!ctx.storage) throw new Error("issueDepartmentResult needs ctx.storage");
  const meta = parseInput(ZDepartmentResultInput, input.metadata);
  const [c] = await sqlRows<{
    id: string;
    applicant_person_id: string;
    applicant_enterprise_id: string | null;
  }>(
    ctx.em,
    "select id, applicant_person_id, applicant_enterprise_id from case_file where id = ? and department_id = ?",
    [input.caseId, a.departmentId],
  );
  if (!c) throw new DomainError("NOT_FOUND", "未找到该办件");
  if (input.pdf.length > MAX_RESULT_PDF_BYTES)
    throw new DomainError("PAYLOAD_TOO_LARGE", "证照文件不能超过 20 MB");
  if (input.pdf.subarray(0, 5).toString("latin1") !== "%PDF-") {
    throw new DomainError("UNSUPPORTED_MEDIA_TYPE", "证照文件须为 PDF", [
      { path: "file", message: "不是 PDF 文件" },
    ]);
  }
  const key = `results/${crypto.randomUUID()}.pdf`;
  await ctx.storage.put(key, input.pdf, { contentType: "application/pdf", maxBytes: MAX_RESULT_PDF_BYTES });
  try {
    return await issueResult(ctx, {
      resultTypeCode: meta.resultTypeCode,
      holder: c.applicant_enterprise_id
        ? { type: "enterprise", enterpriseId: c.applicant_enterprise_id }
        : { type: "person", personId: c.applicant_person_id },
      caseId: c.id,
      data: meta.data,
      validFrom: meta.validFrom,
      validTo: meta.validTo,
      fileKey: key,
    });
  } catch (e) {
    await ctx.storage.delete(key).catch(() => {});
    throw e;
  }
}

/** The id of a department by its code, for a client token's `department` claim; null when unknown. */
export async function departmentIdByCode(ctx: Ctx, code: string): Promise<string | null> {
  const [row] = await sqlRows<{ id: string }>(ctx.em, "select id from department where code = ?", [code]);
  return row?.id ?? null;
}
