import { DomainError, parseInput } from "../../platform/index.ts";
import { getItemGuide } from "../catalog/read-catalog.ts";
import type { ItemGuideView } from "../catalog/views.ts";
import type { Ctx } from "../context.ts";
import { Enterprise } from "../enterprises/enterprise.entity.ts";
import { listMaterials } from "../materials/manage-materials.ts";
import type { MaterialView } from "../materials/material.schema.ts";
import { storeMaterial } from "../materials/store-material.ts";
import { Person } from "../persons/person.entity.ts";
import { listResultsOfHolder } from "../results/query-results.ts";
import type { ResultView } from "../results/result.schema.ts";
import {
  type DraftView,
  type TUploadForApplicationInput,
  ZUploadForApplicationInput,
} from "./case-draft.schema.ts";
import { applicantOwner, getDraft } from "./case-drafts.ts";

/** Who applies, as the apply page shows them: never a plain ID number. */
export type ApplicantCard =
  | { type: "person"; name: string; idNumberMasked: string }
  | {
      type: "enterprise";
      name: string;
      uscc: string;
      address: string;
      legalRepName: string;
      agentName: string;
    };

/** Everything the apply page needs: the item, the applicant, the prefill, what may meet each requirement. */
export interface ApplyContextView {
  guide: ItemGuideView;
  applicant: ApplicantCard;
  /** Form values known from the registries, by property name (only properties the form has). */
  prefill: Record<string, unknown>;
  library: MaterialView[];
  /** Valid results of the types the item accepts for reuse (免提交). */
  results: ResultView[];
  draft: DraftView | null;
}

/** The apply page of an item for the acting applicant; refusals (staff, out of scope, wrong subject) say why. */
export async function getApplyContext(ctx: Ctx, itemCode: string): Promise<ApplyContextView> {
  const owner = await applicantOwner(ctx, itemCode);
  const guide = await getItemGuide(ctx, itemCode);
  if (!guide.subjectTypes.includes(owner.subject.type))
    throw new DomainError(
      "FORBIDDEN",
      owner.subject.type === "person" ? "该事项仅面向企业办理，请切换到企业身份" : "该事项仅面向个人办理",
    );
  const person = await ctx.em.findOneOrFail(Person, { id: owner.personId });
  const known: Record<string, unknown> = { applicantName: person.name, contactName: person.name };
  let applicant: ApplicantCard;
  if (owner.subject.type === "enterprise") {
    const e = await ctx.em.findOneOrFail(
      Enterprise,
      { id: owner.subject.enterpriseId },
      { populate: ["legalRep"] },
    );
    const legalRepName = e.legalRep.unwrap().name;
    applicant = {
      type: "enterprise",
      name: e.name,
      uscc: e.uscc,
      address: e.address,
      legalRepName,
      agentName: person.name,
    };
    Object.assign(known, {
      enterpriseName: e.name,
      applicantName: e.name,
      uscc: e.uscc,
      address: e.address,
      legalRepName,
    });
  } else {
    applicant = { type: "person", name: person.name, idNumberMasked: person.idNumberMasked };
    if (person.address) Object.assign(known, { address: person.address, householdAddress: person.address });
  }
  const props = (guide.formSchema.properties ?? {}) as Record<string, unknown>;
  const prefill = Object.fromEntries(Object.entries(known).filter(([k, v]) => k in props && v));
  const types = [...new Set(guide.materials.flatMap((m) => m.acceptedResultTypes))];
  return {
    guide,
    applicant,
    prefill,
    library: await listMaterials(ctx, owner.subject),
    results: types.length ? await listResultsOfHolder(ctx, owner.subject, { onlyValid: true, types }) : [],
    draft: await getDraft(ctx, itemCode),
  };
}

/**
 * A new upload for one requirement of an item: stored through storeMaterial (type sniffed, 20 MB, sha256) in
 * the applicant's library, so it can be reused later.
 */
export async function uploadForApplication(
  ctx: Ctx,
  input: TUploadForApplicationInput,
  body: Buffer,
): Promise<MaterialView> {
  const data = parseInput(ZUploadForApplicationInput, input);
  const owner = await applicantOwner(ctx, data.itemCode);
  const guide = await getItemGuide(ctx, data.itemCode);
  const req = guide.materials.find((m) => m.code === data.requirementCode);
  if (!req)
    throw new DomainError("VALIDATION", "该事项不要求此材料", [{ path: "requirementCode", message: "无效" }]);
  return storeMaterial(
    ctx,
    { owner: owner.subject, title: req.name, filename: data.filename, requirementCode: req.code },
    body,
  );
}
