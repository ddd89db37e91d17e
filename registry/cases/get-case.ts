import { DomainError } from "../../platform/index.ts";
import { type Ctx, isAdmin } from "../context.ts";
import { assertMayActFor } from "../enterprises/assert-may-act.ts";
import { Case, type ICase } from "./case.entity.ts";
import type { CaseView } from "./case.schema.ts";
import { CaseMaterial } from "./case-material.entity.ts";

/**
 * A case as its applicant, the handling department or an administrator may see it. Anyone else gets
 * NOT_FOUND, so guessing ids reveals nothing.
 */
export async function getCase(ctx: Ctx, caseId: string): Promise<CaseView> {
  const c = await ctx.em.findOne(
    Case,
    { id: caseId },
    {
      populate: ["item", "itemVersion", "department", "applicantPerson", "applicantEnterprise"],
      // Only the version number is shown; the definition (form schema, materials, flow) is large to load.
      exclude: ["itemVersion.definition"],
    },
  );
  if (!c || !(await maySee(ctx, c))) throw new DomainError("NOT_FOUND", "未找到该办件");
  const materials = await ctx.em.find(CaseMaterial, { case: c }, { orderBy: { requirementCode: "asc" } });
  return {
    id: c.id,
    caseNo: c.caseNo,
    itemCode: c.item.unwrap().code,
    itemName: c.item.unwrap().name,
    itemVersion: c.itemVersion.unwrap().version,
    departmentCode: c.department.unwrap().code,
    applicantType: c.applicantType,
    applicantName: c.applicantEnterprise
      ? c.applicantEnterprise.unwrap().name
      : c.applicantPerson.unwrap().name,
    status: c.status,
    channel: c.channel,
    submittedAt: c.submittedAt.toISOString(),
    acceptedAt: c.acceptedAt?.toISOString() ?? null,
    promisedDeadline: c.promisedDeadline ?? null,
    statutoryDeadline: c.statutoryDeadline ?? null,
    concludedAt: c.concludedAt?.toISOString() ?? null,
    decision: c.decision ?? null,
    formData: c.formData,
    materials: materials.map((m) => ({
      requirementCode: m.requirementCode,
      materialId: m.material?.id ?? null,
      resultId: m.result?.id ?? null,
    })),
  };
}

async function maySee(ctx: Ctx, c: ICase): Promise<boolean> {
  const a = ctx.actor;
  if (isAdmin(a)) return true;
  if (a.type !== "person") return false;
  if (a.staff) return a.staff.departmentId === c.department.id;
  if (c.applicantEnterprise) {
    if (a.actingFor?.enterpriseId !== c.applicantEnterprise.id) return false;
    try {
      await assertMayActFor(ctx.em, a.personId, c.applicantEnterprise.id, ctx.now, c.item.unwrap().code);
      return true;
    } catch {
      return false;
    }
  }
  return !a.actingFor && c.applicantPerson.id === a.personId;
}
