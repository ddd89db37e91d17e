import { z } from "zod";
import { DomainError, parseInput, sqlRows } from "../../platform/index.ts";
import type { Ctx } from "../context.ts";
import { attachCaseResultFile, caseResultRefusal, type OwnCaseResult } from "./attach-case-result-file.ts";
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
 * A result PDF a department system pushes for one of its department's cases. Of the type the case's item
 * issues itself, the result issued at 办结 gets the file (`created: false`; see attach-case-result-file.ts):
 * a case has one result of its item's type. Of any other type, a new result is issued to the case's applicant
 * (`created: true`). Another department's case is NOT_FOUND; a file that is not a PDF is
 * UNSUPPORTED_MEDIA_TYPE; a refused push leaves no stored file behind.
 */
export async function issueDepartmentResult(
  ctx: Ctx,
  input: { caseId: string; metadata: TDepartmentResultInput; pdf: Buffer },
): Promise<{ result: ResultView; created: boolean }> {
  const a = ctx.actor;
  if (a.type !== "client") throw new DomainError("FORBIDDEN", "仅部门业务系统可调用此接口");
  const storage = ctx.storage;
  if (!storage) throw new Error("issueDepartmentResult needs ctx.storage");
  const meta = parseInput(ZDepartmentResultInput, input.metadata);
  const [c] = await sqlRows<{
    id: string;
    status: string;
    applicant_person_id: string;
    applicant_enterprise_id: string | null;
    own_type: string | null;
  }>(
    ctx.em,
    `select c.id, c.status, c.applicant_person_id, c.applicant_enterprise_id,
            v.definition->'resultType'->>'code' as own_type
     from case_file c join service_item_version v on v.id = c.item_version_id
     where c.id = ? and c.department_id = ?`,
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
  const own = c.own_type === meta.resultTypeCode;
  let target: OwnCaseResult | null = null;
  if (own) {
    // Refused before anything is stored: a refusal writes nothing, not even the file.
    const [r] = await sqlRows<OwnCaseResult>(
      ctx.em,
      `select id, number, status, file_key from result where case_id = ? and result_type_code = ?
       order by issued_at limit 1`,
      [c.id, meta.resultTypeCode],
    );
    const why = caseResultRefusal(c.status, r ?? null);
    if (why) throw new DomainError("INVALID_STATE", why);
    target = r!;
  }
  const key = `results/${crypto.randomUUID()}.pdf`;
  await storage.put(key, input.pdf, { contentType: "application/pdf", maxBytes: MAX_RESULT_PDF_BYTES });
  try {
    if (target) {
      return {
        result: await attachCaseResultFile(ctx, { caseId: c.id, result: target, fileKey: key }),
        created: false,
      };
    }
    const result = await issueResult(ctx, {
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
    return { result, created: true };
  } catch (e) {
    await storage.delete(key).catch(() => {});
    throw e;
  }
}

/** The id of a department by its code, for a client token's `department` claim; null when unknown. */
export async function departmentIdByCode(ctx: Ctx, code: string): Promise<string | null> {
  const [row] = await sqlRows<{ id: string }>(ctx.em, "select id from department where code = ?", [code]);
  return row?.id ?? null;
}
