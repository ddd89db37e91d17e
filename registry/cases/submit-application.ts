import { DomainError, parseInput, transact } from "../../platform/index.ts";
import { getItemGuide } from "../catalog/read-catalog.ts";
import type { Ctx } from "../context.ts";
import { resolveRegisteredFields } from "./apply-context.ts";
import type { CaseView } from "./case.schema.ts";
import { CaseDraft } from "./case-draft.entity.ts";
import { type TSubmitApplicationInput, ZSubmitApplicationInput } from "./case-draft.schema.ts";
import { applicantOwner, foreignMaterialIssues } from "./case-drafts.ts";
import { submitCase } from "./submit-case.ts";

/**
 * The applicant's online application from the apply page: the acting identity is the applicant, a reused
 * result needs the consent ticked on the page, and submitCase checks everything again. The case and the
 * deletion of the draft commit together; any refusal writes nothing. Fields named in `registered` get the
 * applicant's registered ID number or phone, which the page only ever showed masked.
 */
export async function submitApplication(ctx: Ctx, input: TSubmitApplicationInput): Promise<CaseView> {
  const data = parseInput(ZSubmitApplicationInput, input);
  const owner = await applicantOwner(ctx, data.itemCode);
  const noConsent = data.materials.filter((m) => "resultId" in m && !m.consent);
  if (noConsent.length)
    throw new DomainError(
      "VALIDATION",
      "使用已有证照需经您同意：请勾选同意后再提交",
      noConsent.map((m) => ({ path: `materials.${m.requirementCode}`, message: "未勾选同意" })),
    );
  // The applicant's own ID number or phone, asked for on the page, is decrypted here: the page never held it.
  const guide = await getItemGuide(ctx, data.itemCode);
  const formData = await resolveRegisteredFields(
    ctx,
    owner,
    guide.formSchema,
    data.formData,
    data.registered,
  );
  return transact(ctx.em, async (em) => {
    // Tampered ids get the same answer as in a draft, before submitCase says more about them.
    const issues = await foreignMaterialIssues(em, owner.subject, data.materials);
    if (issues.length) throw new DomainError("VALIDATION", issues[0].message, issues);
    const c = await submitCase(
      { ...ctx, em },
      {
        itemCode: data.itemCode,
        applicant:
          owner.subject.type === "enterprise"
            ? { type: "enterprise", enterpriseId: owner.subject.enterpriseId }
            : { type: "person" },
        applicantPersonId: owner.personId,
        channel: "online",
        formData,
        materials: data.materials.map((m) =>
          "materialId" in m
            ? { requirementCode: m.requirementCode, materialId: m.materialId }
            : { requirementCode: m.requirementCode, resultId: m.resultId, consent: true as const },
        ),
      },
    );
    await em.nativeDelete(CaseDraft, { ownerKey: owner.ownerKey, itemCode: data.itemCode });
    return c;
  });
}
