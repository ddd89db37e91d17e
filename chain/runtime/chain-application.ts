import { z } from "zod";
import { DomainError, type FieldIssue, parseInput, transact } from "../../platform/index.ts";
import {
  allocateChainNumber,
  applicantScope,
  type ChainInstanceRow,
  type Ctx,
  loadChainInstance,
  loadCurrentChain,
  materialChoiceIssues,
  type TChainDefinition,
  type TSubmitChainInput,
  toChinaDate,
  validateFormData,
  ZSubmitChainInput,
} from "../../registry/index.ts";
import { type ChainSnapshot, newChainSnapshot } from "../engine/index.ts";
import { advanceChain, fileNewChain } from "./advance-chain.ts";
import { cachedWorkCalendar } from "./work-calendar-cache.ts";

/** A chain application as filed: the instance and the cases of its first stage(s). */
export interface ChainApplicationOutcome {
  instanceId: string;
  instanceNo: string;
  promisedDeadline: string;
  cases: { caseId: string; itemCode: string; stage: string }[];
}

/**
 * 一表申请: files one application for a whole chain. The applicant (the signed-in person, or the enterprise they
 * act for, with every item of the chain in their delegation) fills the combined form and gives one set of
 * materials; both are checked like a single item's (ajv against the combined schema; each material the
 * applicant's own and current, each reused result held, accepted and valid, with consent). In one transaction:
 * the instance, its snapshot and promised deadline, and the cases of the stages that start first.
 */
export async function submitChainApplication(
  ctx: Ctx,
  input: TSubmitChainInput,
): Promise<ChainApplicationOutcome> {
  const data = parseInput(ZSubmitChainInput, input);
  const a = ctx.actor;
  if (a.type === "person" && a.staff)
    throw new DomainError(
      "FORBIDDEN",
      "您当前以工作人员身份登录，不能网上申报；请以个人或企业身份登录后申请",
    );
  const scope = await applicantScope(ctx);
  const personId = (a as Extract<typeof a, { type: "person" }>).personId;
  if (
    data.applicant.type !== scope.type ||
    (scope.type === "enterprise" &&
      data.applicant.type === "enterprise" &&
      data.applicant.enterpriseId !== scope.enterpriseId)
  )
    throw new DomainError("FORBIDDEN", "申请主体与当前登录身份不一致");
  const chain = await loadCurrentChain(ctx.em, data.chainCode);
  const def = chain.definition;
  if (!def.subjectTypes.includes(scope.type))
    throw new DomainError(
      "VALIDATION",
      scope.type === "person" ? "该业务链仅面向企业办理" : "该业务链仅面向个人办理",
    );
  const enterpriseId = scope.type === "enterprise" ? scope.enterpriseId : null;
  // applicantScope checked the delegation; an agent's scope must cover every item of the chain.
  if (scope.type === "enterprise" && scope.items) {
    const missing = Object.keys(def.items).filter((c) => !scope.items?.includes(c));
    if (missing.length) throw new DomainError("FORBIDDEN", "业务链中有事项不在您的经办授权范围内");
  }
  const today = toChinaDate(ctx.now);
  await assertApplication(ctx, def, chain.versionId, { personId, enterpriseId, today }, data);
  const cal = await cachedWorkCalendar(ctx.em, ctx.now);
  const promisedDeadline = cal.addWorkingDays(today, def.effectivePromiseDays);
  const id = crypto.randomUUID();
  const instanceNo = await allocateChainNumber(ctx.em, ctx.now);
  const out = await fileNewChain(ctx, {
    id,
    instanceNo,
    version: 1,
    status: "running",
    chainId: chain.chainId,
    chainCode: def.code,
    chainVersionId: chain.versionId,
    definition: def,
    applicantType: scope.type,
    applicantPersonId: personId,
    applicantEnterpriseId: enterpriseId,
    formData: data.formData,
    materials: materialMap(data.materials, ctx.now),
    snapshot: newChainSnapshot(def, today) as unknown as Record<string, unknown>,
    submittedAt: ctx.now,
    promisedDeadline,
  });
  return {
    instanceId: id,
    instanceNo,
    promisedDeadline,
    cases: out.commands.flatMap((c) =>
      c.type === "fileCase" ? [{ caseId: c.caseId, itemCode: c.itemCode, stage: c.stage }] : [],
    ),
  };
}

export const ZResubmitChainItemInput = z.object({
  instanceId: z.uuid(),
  stage: z.string().min(1).max(40),
  itemCode: z.string().min(1).max(40),
  /** The amended combined form and material set (the whole of each, checked again). */
  formData: z.record(z.string(), z.unknown()),
  materials: ZSubmitChainInput.shape.materials,
});
export type TResubmitChainItemInput = z.input<typeof ZResubmitChainItemInput>;

/**
 * After a denial (or a refusal, a return) blocked the chain: the applicant amends the combined form and
 * materials and files that item again (the next attempt). The chain runs on when no other item is failed.
 */
export async function resubmitChainItem(
  ctx: Ctx,
  input: TResubmitChainItemInput,
): Promise<{ caseId: string; instanceNo: string }> {
  const data = parseInput(ZResubmitChainItemInput, input);
  const inst = await applicantInstance(ctx, data.instanceId);
  const today = toChinaDate(ctx.now);
  await assertApplication(
    ctx,
    inst.definition,
    inst.chainVersionId,
    {
      personId: inst.applicantPersonId,
      enterpriseId: inst.applicantType === "enterprise" ? inst.applicantEnterpriseId : null,
      today,
    },
    data,
  );
  return transact(ctx.em, async (em) => {
    const locked = await loadChainInstance(em, inst.id, true);
    const out = await advanceChain(
      { ...ctx, em },
      locked,
      { type: "resubmit", stage: data.stage, itemCode: data.itemCode },
      {
        formData: data.formData,
        materials: materialMap(data.materials, ctx.now),
      },
    );
    const filed = out.commands.find((c) => c.type === "fileCase");
    return { caseId: filed?.type === "fileCase" ? filed.caseId : "", instanceNo: inst.instanceNo };
  });
}

export const ZWithdrawChainInput = z.object({
  instanceId: z.uuid(),
  reason: z.string().trim().min(2, "请说明撤回原因").max(500),
});

/**
 * Withdraws a whole chain: cases no department has accepted yet are withdrawn with it; accepted ones run to
 * their decision; nothing further starts.
 */
export async function withdrawChain(
  ctx: Ctx,
  input: z.input<typeof ZWithdrawChainInput>,
): Promise<{ status: ChainSnapshot["status"]; withdrawnCases: number }> {
  const data = parseInput(ZWithdrawChainInput, input);
  const inst = await applicantInstance(ctx, data.instanceId);
  return transact(ctx.em, async (em) => {
    const locked = await loadChainInstance(em, inst.id, true);
    const slots = (snap: ChainSnapshot) =>
      Object.values(snap.stages).flatMap((st) => Object.values(st.slots));
    const wasOpen = new Set(
      slots(locked.snapshot as unknown as ChainSnapshot).flatMap((x) =>
        x.status === "open" ? [x.caseId] : [],
      ),
    );
    const out = await advanceChain({ ...ctx, em }, locked, { type: "withdraw", reason: data.reason });
    const withdrawn = slots(out.snapshot).filter((x) => x.status === "withdrawn" && wasOpen.has(x.caseId));
    return { status: out.snapshot.status, withdrawnCases: withdrawn.length };
  });
}

/** The instance, when the actor is its applicant (as the person, or acting for its enterprise); else NOT_FOUND. */
export async function applicantInstance(ctx: Ctx, id: string): Promise<ChainInstanceRow> {
  const scope = await applicantScope(ctx);
  const inst = await loadChainInstance(ctx.em, id);
  const mine =
    scope.type === "person"
      ? inst.applicantPersonId === scope.personId
      : inst.applicantEnterpriseId === scope.enterpriseId &&
        (scope.items === null || Object.keys(inst.definition.items).every((c) => scope.items?.includes(c)));
  if (!mine) throw new DomainError("NOT_FOUND", "未找到该业务链办件");
  return inst;
}

/** The combined form against the combined schema, and the one material set against the merged requirements. */
async function assertApplication(
  ctx: Ctx,
  def: TChainDefinition,
  versionId: string,
  applicant: { personId: string; enterpriseId: string | null; today: string },
  data: { formData: Record<string, unknown>; materials: TSubmitChainInput["materials"] },
): Promise<void> {
  const issues: FieldIssue[] = validateFormData(`chain:${versionId}`, def.formSchema, data.formData);
  issues.push(...(await materialChoiceIssues(ctx.em, applicant, def.materials, data.materials)));
  if (issues.length) throw new DomainError("VALIDATION", issues[0].message, issues);
}

function materialMap(materials: TSubmitChainInput["materials"], now: Date): ChainInstanceRow["materials"] {
  return Object.fromEntries(
    materials.map((m) => [
      m.requirementCode,
      "materialId" in m
        ? { materialId: m.materialId }
        : { resultId: m.resultId, consentAt: now.toISOString() },
    ]),
  );
}
