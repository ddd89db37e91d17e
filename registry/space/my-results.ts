import { DomainError } from "../../platform/index.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";
import { applicantScope } from "../cases/applicant-scope.ts";
import type { Ctx } from "../context.ts";
import { toResultView } from "../results/issue-result.ts";
import { listResultsOfHolder } from "../results/query-results.ts";
import { Result } from "../results/result.entity.ts";
import type { ResultView } from "../results/result.schema.ts";
import { SPACE_LINK_TTL_SECONDS, subjectOfScope } from "./space-subject.ts";

/** The results held by whoever the actor acts as, newest first. */
export async function listMyResults(ctx: Ctx): Promise<ResultView[]> {
  return listResultsOfHolder(ctx, subjectOfScope(await applicantScope(ctx)));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One of the actor's results with a short-lived download link when it has a file; NOT_FOUND for others'. */
export async function getMyResult(
  ctx: Ctx,
  resultId: string,
): Promise<ResultView & { downloadUrl: string | null }> {
  const holder = subjectOfScope(await applicantScope(ctx));
  if (!UUID.test(resultId)) throw new DomainError("NOT_FOUND", "证照不存在");
  const r = await ctx.em.findOne(
    Result,
    holder.type === "person"
      ? { id: resultId, holderPerson: holder.personId }
      : { id: resultId, holderEnterprise: holder.enterpriseId },
    { populate: ["issuingDepartment", "holderPerson", "holderEnterprise", "item"] },
  );
  if (!r) throw new DomainError("NOT_FOUND", "证照不存在");
  const view = toResultView(r, toChinaDate(ctx.now));
  const downloadUrl =
    view.fileKey && ctx.storage
      ? await ctx.storage.signedUrl(view.fileKey, {
          ttlSeconds: SPACE_LINK_TTL_SECONDS,
          filename: `${view.name}-${view.number}.${view.fileKey.split(".").pop() ?? "pdf"}`,
        })
      : null;
  return { ...view, downloadUrl };
}
