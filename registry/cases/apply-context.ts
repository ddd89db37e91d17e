import { DomainError, type FieldIssue, parseInput } from "../../platform/index.ts";
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
import { type ApplicantOwner, applicantOwner, getDraft } from "./case-drafts.ts";

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

/**
 * A form field the applicant may fill from their own registered (encrypted) data without the clear value ever
 * reaching the page: the page shows `masked` and posts the field's name in `registered`; the server puts the
 * decrypted value in at submit (see resolveRegisteredFields).
 */
export interface RegisteredField {
  field: string;
  kind: "idNumber" | "phone";
  masked: string;
}

/** Everything the apply page needs: the item, the applicant, the prefill, what may meet each requirement. */
export interface ApplyContextView {
  guide: ItemGuideView;
  applicant: ApplicantCard;
  /** Form values known from the registries, by property name (only properties the form has). */
  prefill: Record<string, unknown>;
  /** Fields offered from the registry, masked (prefilled with the masked value, i.e. ticked by default). */
  registered: RegisteredField[];
  library: MaterialView[];
  /** Valid results of the types the item accepts for reuse (免提交). */
  results: ResultView[];
  draft: DraftView | null;
}

/** Where a registered value comes from: the acting person's encrypted ID number or phone. */
type RegisteredSource = RegisteredField & { enc: string };

/**
 * The fields of a form the applicant may take from the registry: their own ID number (`idNumber` when applying
 * as themself, `legalRepIdNumber` when acting for an enterprise whose legal representative they are) and their
 * phone (`contactPhone`). Only fields the form has, only values the registry holds.
 */
async function registeredSources(
  ctx: Ctx,
  owner: ApplicantOwner,
  formSchema: Record<string, unknown>,
): Promise<RegisteredSource[]> {
  const props = (formSchema.properties ?? {}) as Record<string, unknown>;
  const person = await ctx.em.findOneOrFail(Person, { id: owner.personId });
  const out: RegisteredSource[] = [];
  const idField = owner.subject.type === "person" ? "idNumber" : "legalRepIdNumber";
  let ownId = owner.subject.type === "person";
  if (owner.subject.type === "enterprise") {
    const e = await ctx.em.findOneOrFail(Enterprise, { id: owner.subject.enterpriseId });
    ownId = e.legalRep.id === person.id;
  }
  if (ownId && idField in props)
    out.push({ field: idField, kind: "idNumber", masked: person.idNumberMasked, enc: person.idNumberEnc });
  if ("contactPhone" in props && person.phoneEnc && person.phoneMasked)
    out.push({ field: "contactPhone", kind: "phone", masked: person.phoneMasked, enc: person.phoneEnc });
  return out;
}

/**
 * The form data with the registered values the applicant asked for (`registered`: field names) decrypted in.
 * A field asked for must be offered and left empty or as its masked placeholder; a masked placeholder left in a
 * field not asked for is refused too (it would otherwise reach the department as "3209**********1234").
 */
export async function resolveRegisteredFields(
  ctx: Ctx,
  owner: ApplicantOwner,
  formSchema: Record<string, unknown>,
  formData: Record<string, unknown>,
  registered: string[],
): Promise<Record<string, unknown>> {
  const sources = await registeredSources(ctx, owner, formSchema);
  const props = (formSchema.properties ?? {}) as Record<string, { title?: string }>;
  const title = (f: string) => props[f]?.title ?? f;
  const issues: FieldIssue[] = [];
  const out = { ...formData };
  for (const f of new Set(registered)) {
    const src = sources.find((s) => s.field === f);
    if (!src) {
      issues.push({ path: `formData.${f}`, message: `「${title(f)}」不能使用登记信息，请直接填写` });
      continue;
    }
    const v = formData[f];
    if (v !== undefined && v !== null && v !== "" && v !== src.masked) {
      issues.push({
        path: `formData.${f}`,
        message: `「${title(f)}」已选择使用登记的号码，请清空该栏或取消勾选`,
      });
      continue;
    }
    out[f] = ctx.pii.decrypt(src.enc);
  }
  for (const s of sources)
    if (!registered.includes(s.field) && formData[s.field] === s.masked)
      issues.push({
        path: `formData.${s.field}`,
        message: `「${title(s.field)}」请填写完整号码，或勾选使用登记的号码`,
      });
  if (issues.length) throw new DomainError("VALIDATION", issues.map((i) => i.message).join("；"), issues);
  return out;
}

/**
 * The applicant card, the form values known from the registries (only properties the form has) and the
 * registered fields offered masked, for a form the acting applicant is about to fill (an item's, or a business
 * chain's combined form).
 */
export async function applicantPrefill(
  ctx: Ctx,
  owner: ApplicantOwner,
  formSchema: Record<string, unknown>,
): Promise<Pick<ApplyContextView, "applicant" | "prefill" | "registered">> {
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
  const props = (formSchema.properties ?? {}) as Record<string, unknown>;
  const registered = (await registeredSources(ctx, owner, formSchema)).map((r) => ({
    field: r.field,
    kind: r.kind,
    masked: r.masked,
  }));
  for (const r of registered) known[r.field] = r.masked;
  const prefill = Object.fromEntries(Object.entries(known).filter(([k, v]) => k in props && v));
  return { applicant, prefill, registered };
}

/**
 * Filed form data as a page may show it again: a field holding the applicant's own registered ID number or
 * phone gets the masked placeholder back (and is then in use, see resolveRegisteredFields).
 */
export async function maskRegisteredValues(
  ctx: Ctx,
  owner: ApplicantOwner,
  formSchema: Record<string, unknown>,
  formData: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const out = { ...formData };
  for (const s of await registeredSources(ctx, owner, formSchema))
    if (typeof out[s.field] === "string" && out[s.field] === ctx.pii.decrypt(s.enc)) out[s.field] = s.masked;
  return out;
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
  const { applicant, prefill, registered } = await applicantPrefill(ctx, owner, guide.formSchema);
  const types = [...new Set(guide.materials.flatMap((m) => m.acceptedResultTypes))];
  return {
    guide,
    applicant,
    prefill,
    registered,
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
