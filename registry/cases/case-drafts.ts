import {
  DomainError,
  type EntityManager,
  type FieldIssue,
  parseInput,
  transact,
} from "../../platform/index.ts";
import { ServiceItem } from "../catalog/service-item.entity.ts";
import type { Ctx } from "../context.ts";
import type { Subject } from "../enterprises/assert-may-act.ts";
import { Enterprise } from "../enterprises/enterprise.entity.ts";
import { Material } from "../materials/material.entity.ts";
import { Person } from "../persons/person.entity.ts";
import { Result } from "../results/result.entity.ts";
import { type ApplicantScope, applicantScope } from "./applicant-scope.ts";
import { CaseDraft, type ICaseDraft } from "./case-draft.entity.ts";
import {
  type DraftMaterial,
  type DraftView,
  type TSaveDraftInput,
  ZSaveDraftInput,
} from "./case-draft.schema.ts";

/** Who applies: the acting person, or the enterprise they act for; the draft's owner key. */
export interface ApplicantOwner {
  scope: ApplicantScope;
  personId: string;
  subject: Subject;
  ownerKey: string;
}

/**
 * The applicant behind the actor, for an item when one is given: staff signed in as staff cannot apply, and an
 * agent only for items in their delegation's scope (FORBIDDEN with a message the page shows as is).
 */
export async function applicantOwner(ctx: Ctx, itemCode?: string): Promise<ApplicantOwner> {
  const a = ctx.actor;
  if (a.type === "person" && a.staff)
    throw new DomainError(
      "FORBIDDEN",
      "您当前以工作人员身份登录，不能网上申报；请以个人或企业身份登录后申请",
    );
  const scope = await applicantScope(ctx);
  const personId = (a as Extract<typeof a, { type: "person" }>).personId;
  if (scope.type === "person")
    return { scope, personId, subject: { type: "person", personId }, ownerKey: `p:${personId}` };
  if (itemCode && scope.items && !scope.items.includes(itemCode))
    throw new DomainError("FORBIDDEN", "该事项不在您的经办授权范围内");
  return {
    scope,
    personId,
    subject: { type: "enterprise", enterpriseId: scope.enterpriseId },
    ownerKey: `e:${scope.enterpriseId}:${personId}`,
  };
}

/** Problems with the chosen materials: each must be the applicant's own current material or a result they hold. */
export async function foreignMaterialIssues(
  em: EntityManager,
  subject: Subject,
  materials: DraftMaterial[],
): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const ownerId = subject.type === "person" ? subject.personId : subject.enterpriseId;
  for (const m of materials) {
    if ("materialId" in m) {
      const mat = await em.findOne(Material, { id: m.materialId, deletedAt: null, supersededAt: null });
      if (!mat || (mat.ownerPerson?.id ?? mat.ownerEnterprise?.id) !== ownerId)
        issues.push({ path: `materials.${m.requirementCode}`, message: "所选材料不存在或不属于申请人" });
    } else {
      const r = await em.findOne(Result, { id: m.resultId });
      if (!r || (r.holderPerson?.id ?? r.holderEnterprise?.id) !== ownerId)
        issues.push({ path: `materials.${m.requirementCode}`, message: "所选证照不存在或不属于申请人" });
    }
  }
  return issues;
}

function toDraftView(d: ICaseDraft): DraftView {
  return {
    id: d.id,
    itemCode: d.itemCode,
    itemVersion: d.itemVersion,
    step: d.step,
    formData: d.formData,
    materials: d.materials,
    updatedAt: d.updatedAt.toISOString(),
  };
}

/**
 * Saves the applicant's draft for an item (one per owner and item: a second save overwrites the first). The
 * chosen materials must be the applicant's own; the form itself is checked only on submit.
 */
export async function saveDraft(ctx: Ctx, input: TSaveDraftInput): Promise<DraftView> {
  const data = parseInput(ZSaveDraftInput, input);
  const owner = await applicantOwner(ctx, data.itemCode);
  return transact(ctx.em, async (em) => {
    const item = await em.findOne(ServiceItem, { code: data.itemCode, status: "active" });
    if (!item) throw new DomainError("NOT_FOUND", "未找到该事项或事项已暂停办理");
    const issues = await foreignMaterialIssues(em, owner.subject, data.materials);
    if (issues.length) throw new DomainError("VALIDATION", issues[0].message, issues);
    let d = await em.findOne(CaseDraft, { ownerKey: owner.ownerKey, itemCode: data.itemCode });
    if (!d) {
      d = em.create(CaseDraft, {
        id: crypto.randomUUID(),
        ownerKey: owner.ownerKey,
        person: em.getReference(Person, owner.personId),
        enterprise:
          owner.subject.type === "enterprise"
            ? em.getReference(Enterprise, owner.subject.enterpriseId)
            : null,
        itemCode: data.itemCode,
        itemVersion: item.currentVersion,
        step: data.step,
        formData: data.formData,
        materials: data.materials,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      });
    } else {
      Object.assign(d, {
        itemVersion: item.currentVersion,
        step: data.step,
        formData: data.formData,
        materials: data.materials,
        updatedAt: ctx.now,
      });
    }
    await em.flush();
    return toDraftView(d);
  });
}

/** The applicant's draft for an item, or null. */
export async function getDraft(ctx: Ctx, itemCode: string): Promise<DraftView | null> {
  const owner = await applicantOwner(ctx, itemCode);
  const d = await ctx.em.findOne(CaseDraft, { ownerKey: owner.ownerKey, itemCode });
  return d ? toDraftView(d) : null;
}

/** Discards the applicant's draft for an item (nothing happens when there is none). */
export async function deleteDraft(ctx: Ctx, itemCode: string): Promise<void> {
  const owner = await applicantOwner(ctx, itemCode);
  await ctx.em.nativeDelete(CaseDraft, { ownerKey: owner.ownerKey, itemCode });
}

/** A draft as the space lists it: the item's name beside the draft. */
export type MyDraft = DraftView & { itemName: string };

/** The applicant's drafts, newest first; an agent sees only those of items still in scope. */
export async function listMyDrafts(ctx: Ctx): Promise<MyDraft[]> {
  const owner = await applicantOwner(ctx);
  const rows = await ctx.em.find(CaseDraft, { ownerKey: owner.ownerKey }, { orderBy: { updatedAt: "desc" } });
  const items = owner.scope.type === "enterprise" ? owner.scope.items : null;
  const mine = rows.filter((d) => !items || items.includes(d.itemCode));
  const names = new Map(
    (await ctx.em.find(ServiceItem, { code: { $in: [...new Set(mine.map((d) => d.itemCode))] } })).map(
      (i) => [i.code, i.name] as const,
    ),
  );
  return mine.map((d) => ({ ...toDraftView(d), itemName: names.get(d.itemCode) ?? d.itemCode }));
}
