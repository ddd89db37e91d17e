import { DomainError, sqlRows, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";
import type { Ctx } from "../context.ts";
import { toResultView } from "./issue-result.ts";
import { Result } from "./result.entity.ts";
import type { ResultView } from "./result.schema.ts";

/** The result of a case's own item type, as issued at 办结 (caseResultFollowUp). */
export interface OwnCaseResult {
  id: string;
  number: string;
  status: "valid" | "revoked" | "expired";
  file_key: string | null;
}

/**
 * Why the PDF of the case's own result type cannot be attached now (a Chinese message), or null. The result
 * is issued at an approving 办结, so before it (or after a denial) there is nothing to attach to; a result
 * holds one file, so a second push is refused rather than replacing the certificate the holder may already
 * have downloaded (results keep no file versions; a wrong certificate is revoked and issued anew).
 */
export function caseResultRefusal(caseStatus: string, r: OwnCaseResult | null): string | null {
  if (!r) {
    return caseStatus === "concluded"
      ? "该办件未准予许可，没有签发证照，不能上传证照文件"
      : "本事项的证照在办结时签发，请在办件办结后再上传证照文件";
  }
  if (r.status === "revoked") return `证照 ${r.number} 已撤销，不能上传证照文件`;
  if (r.file_key) return `证照 ${r.number} 已上传证照文件，不能重复上传`;
  return null;
}

/**
 * Attaches a stored PDF to the result issued for the case at 办结: the number, holder, validity and
 * certificate data stay as issued; the file is set only while the result has none (checked again in the
 * statement, so two pushes at once attach one file), with an audit row `result.attachFile`.
 */
export async function attachCaseResultFile(
  ctx: Ctx,
  input: { caseId: string; result: OwnCaseResult; fileKey: string },
): Promise<ResultView> {
  return transact(ctx.em, async (em) => {
    const updated = await sqlRows<{ id: string }>(
      em,
      "update result set file_key = ? where id = ? and file_key is null and status <> 'revoked' returning id",
      [input.fileKey, input.result.id],
    );
    if (updated.length === 0) {
      throw new DomainError("INVALID_STATE", `证照 ${input.result.number} 已上传证照文件，不能重复上传`);
    }
    recordAudit(
      em,
      ctx.actor,
      ctx.now,
      "result.attachFile",
      { type: "result", id: input.result.id },
      { number: input.result.number, caseId: input.caseId },
    );
    await em.flush();
    const r = await em.findOneOrFail(
      Result,
      { id: input.result.id },
      { populate: ["issuingDepartment", "holderPerson", "holderEnterprise", "item"], refresh: true },
    );
    return toResultView(r, toChinaDate(ctx.now));
  });
}
