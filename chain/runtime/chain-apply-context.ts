import { DomainError, parseInput } from "../../platform/index.ts";
import {
  type ApplicantCard,
  type ApplicantOwner,
  applicantOwner,
  applicantPrefill,
  type ChainMaterial,
  type Ctx,
  type DraftMaterial,
  listMaterials,
  listResultsOfHolder,
  loadCurrentChain,
  type MaterialView,
  maskRegisteredValues,
  type RegisteredField,
  type ResultView,
  resolveRegisteredFields,
  storeMaterial,
  type TChainDefinition,
  ZSubmitApplicationInput,
  ZUploadForApplicationInput,
} from "../../registry/index.ts";
import {
  applicantInstance,
  type ChainApplicationOutcome,
  resubmitChainItem,
  submitChainApplication,
} from "./chain-application.ts";

/** The combined form and the one material set of a chain version, as the apply and amend pages show them. */
export interface ChainFormView {
  code: string;
  name: string;
  formSchema: TChainDefinition["formSchema"];
  /** Each material with the names of the items that ask for it. */
  materials: (Omit<ChainMaterial, "items"> & { items: string[] })[];
}

/** Everything the chain apply page needs (一表申请): the form, the applicant, the prefill, the candidates. */
export interface ChainApplyContextView {
  chain: ChainFormView;
  applicant: ApplicantCard;
  prefill: Record<string, unknown>;
  registered: RegisteredField[];
  library: MaterialView[];
  /** Valid results of the types some material accepts in its place (免提交). */
  results: ResultView[];
}

/** The amend page of a blocked chain: the apply context filled with what was filed, and what may be refiled. */
export interface ChainAmendContextView extends ChainApplyContextView {
  instanceId: string;
  instanceNo: string;
  /** The failed items the applicant may file again. */
  resubmit: { stage: string; itemCode: string; name: string }[];
  /** The filed materials (a reused result needs the consent again). */
  chosen: DraftMaterial[];
}

function formView(def: TChainDefinition): ChainFormView {
  const name = (c: string) => def.items[c]?.name ?? c;
  return {
    code: def.code,
    name: def.name,
    formSchema: def.formSchema,
    materials: def.materials.map((m) => ({ ...m, items: m.items.map(name) })),
  };
}

/** The acting applicant of a chain: staff, a subject the chain does not serve, items outside an agent's scope refused. */
async function chainOwner(ctx: Ctx, def: TChainDefinition): Promise<ApplicantOwner> {
  const owner = await applicantOwner(ctx);
  if (!def.subjectTypes.includes(owner.subject.type))
    throw new DomainError(
      "FORBIDDEN",
      owner.subject.type === "person" ? "该业务链仅面向企业办理，请切换到企业身份" : "该业务链仅面向个人办理",
    );
  const items = owner.scope.type === "enterprise" ? owner.scope.items : null;
  if (items && Object.keys(def.items).some((c) => !items.includes(c)))
    throw new DomainError("FORBIDDEN", "该业务链的部分事项不在您的经办授权范围内");
  return owner;
}

async function contextFor(ctx: Ctx, def: TChainDefinition, owner: ApplicantOwner) {
  const { applicant, prefill, registered } = await applicantPrefill(ctx, owner, def.formSchema);
  // A person founding an enterprise is its legal representative (see establishesEnterprise).
  if (
    def.establishesEnterprise &&
    owner.subject.type === "person" &&
    "legalRepName" in def.formSchema.properties
  )
    prefill.legalRepName ??= applicant.name;
  const types = [...new Set(def.materials.flatMap((m) => m.acceptedResultTypes))];
  return {
    chain: formView(def),
    applicant,
    prefill,
    registered,
    library: await listMaterials(ctx, owner.subject),
    results: types.length ? await listResultsOfHolder(ctx, owner.subject, { onlyValid: true, types }) : [],
  };
}

/** The apply page of a chain for the acting applicant; refusals (staff, wrong subject, out of scope) say why. */
export async function getChainApplyContext(ctx: Ctx, chainCode: string): Promise<ChainApplyContextView> {
  if (!/^[A-Z][A-Z0-9-]{2,39}$/.test(chainCode)) throw new DomainError("NOT_FOUND", "未找到该业务链");
  const { definition: def } = await loadCurrentChain(ctx.em, chainCode);
  return contextFor(ctx, def, await chainOwner(ctx, def));
}

/** The amend page of the applicant's blocked chain instance (NOT_FOUND for anyone else's). */
export async function getChainAmendContext(ctx: Ctx, instanceId: string): Promise<ChainAmendContextView> {
  const inst = await applicantInstance(ctx, instanceId);
  const def = inst.definition;
  const owner = await applicantOwner(ctx);
  const base = await contextFor(ctx, def, owner);
  const snap = inst.snapshot as {
    status: string;
    stages: Record<string, { slots: Record<string, { status: string }> }>;
  };
  const failed = ["open", "approved"];
  const resubmit =
    snap.status === "running" || snap.status === "blocked"
      ? def.stages.flatMap((st) =>
          Object.entries(snap.stages[st.key]?.slots ?? {})
            .filter(([, s]) => !failed.includes(s.status))
            .map(([code]) => ({ stage: st.key, itemCode: code, name: def.items[code]?.name ?? code })),
        )
      : [];
  if (!resubmit.length) throw new DomainError("INVALID_STATE", "该业务链当前没有需要重新提交的事项");
  // What was filed, with the applicant's registered numbers shown masked again (the page never holds them).
  const filed = await maskRegisteredValues(ctx, owner, def.formSchema, inst.formData);
  return {
    ...base,
    prefill: filed,
    instanceId: inst.id,
    instanceNo: inst.instanceNo,
    resubmit,
    chosen: Object.entries(inst.materials).map(([requirementCode, m]) =>
      "materialId" in m
        ? { requirementCode, materialId: m.materialId }
        : { requirementCode, resultId: m.resultId, consent: false },
    ),
  };
}

/** A new file for one material of a chain, stored in the applicant's library (type sniffed, 20 MB, sha256). */
export async function uploadForChain(
  ctx: Ctx,
  input: { chainCode: string; requirementCode: string; filename: string },
  body: Buffer,
): Promise<MaterialView> {
  const { requirementCode, filename } = parseInput(
    ZUploadForApplicationInput.omit({ itemCode: true }),
    input,
  );
  const { definition: def } = await loadCurrentChain(ctx.em, input.chainCode);
  const owner = await chainOwner(ctx, def);
  const req = def.materials.find((m) => m.code === requirementCode);
  if (!req)
    throw new DomainError("VALIDATION", "该业务链不要求此材料", [
      { path: "requirementCode", message: "无效" },
    ]);
  return storeMaterial(
    ctx,
    { owner: owner.subject, title: req.name, filename, requirementCode: req.code },
    body,
  );
}

/** What the chain apply and amend pages post (the apply page's payload shape). */
const ZChainPayload = ZSubmitApplicationInput.omit({ itemCode: true });
export type TChainPayload = {
  formData: unknown;
  materials: unknown;
  registered: unknown;
};

async function prepared(ctx: Ctx, def: TChainDefinition, owner: ApplicantOwner, payload: TChainPayload) {
  const data = parseInput(ZChainPayload, payload);
  const noConsent = data.materials.filter((m) => "resultId" in m && !m.consent);
  if (noConsent.length)
    throw new DomainError(
      "VALIDATION",
      "使用已有证照需经您同意：请勾选同意后再提交",
      noConsent.map((m) => ({ path: `materials.${m.requirementCode}`, message: "未勾选同意" })),
    );
  const formData = await resolveRegisteredFields(ctx, owner, def.formSchema, data.formData, data.registered);
  const materials = data.materials.map((m) =>
    "materialId" in m
      ? { requirementCode: m.requirementCode, materialId: m.materialId }
      : { requirementCode: m.requirementCode, resultId: m.resultId, consent: true as const },
  );
  return { formData, materials };
}

/**
 * 一表申请 from the page: the registered numbers decrypted in, consent checked, then submitChainApplication
 * checks everything again (form, every material's owner and validity) and writes all or nothing.
 */
export async function submitChainApply(
  ctx: Ctx,
  chainCode: string,
  payload: TChainPayload,
): Promise<ChainApplicationOutcome> {
  const { definition: def } = await loadCurrentChain(ctx.em, chainCode);
  const owner = await chainOwner(ctx, def);
  const { formData, materials } = await prepared(ctx, def, owner, payload);
  return submitChainApplication(ctx, {
    chainCode,
    applicant:
      owner.subject.type === "enterprise"
        ? { type: "enterprise", enterpriseId: owner.subject.enterpriseId }
        : { type: "person" },
    formData,
    materials,
  });
}

/** 修改后重新提交 from the amend page: like submitChainApply, then resubmitChainItem for the chosen item. */
export async function resubmitChainAmend(
  ctx: Ctx,
  input: { instanceId: string; stage: string; itemCode: string; payload: TChainPayload },
): Promise<{ caseId: string; instanceNo: string }> {
  const inst = await applicantInstance(ctx, input.instanceId);
  const owner = await applicantOwner(ctx);
  const { formData, materials } = await prepared(ctx, inst.definition, owner, input.payload);
  return resubmitChainItem(ctx, {
    instanceId: inst.id,
    stage: input.stage,
    itemCode: input.itemCode,
    formData,
    materials,
  });
}
