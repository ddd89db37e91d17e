import { DomainError } from "../../platform/index.ts";
import { assertMayActFor, type CaseForFlow, type Ctx } from "../../registry/index.ts";
import { type CaseSnapshot, type FlowActor, initialSnapshot } from "../flow/index.ts";

const NOT_FOUND = "未找到该办件";

/**
 * Who the caller is to this case's flow: the applicant (the applicant person, or a person authorised today to
 * act for the applicant enterprise on this item), staff of the handling department with their roles, or the
 * platform. Anyone else gets NOT_FOUND, exactly as for a case that does not exist, so ids leak nothing.
 * Everyone who may act for the applicant is the same flow applicant (the case's applicant person id, which the
 * snapshot checks); the event chain still records the real person from `ctx.actor`.
 */
export async function flowActorFor(ctx: Ctx, c: CaseForFlow): Promise<FlowActor> {
  const a = ctx.actor;
  if (a.type === "system") return { id: "system", name: a.name, kind: "system", roles: [] };
  if (a.type === "client") {
    // A department system acts for its whole department (docs/decisions/013).
    if (a.departmentId !== c.departmentId) throw new DomainError("NOT_FOUND", NOT_FOUND);
    return { id: a.clientId, name: a.name, kind: "staff", roles: ["clerk", "reviewer", "approver"] };
  }
  if (a.type !== "person") throw new DomainError("NOT_FOUND", NOT_FOUND);
  if (a.staff) {
    if (a.staff.departmentId !== c.departmentId) throw new DomainError("NOT_FOUND", NOT_FOUND);
    return { id: a.personId, name: a.name, kind: "staff", roles: [...a.staff.roles] };
  }
  const applicant: FlowActor = { id: c.applicantPersonId, name: a.name, kind: "applicant", roles: [] };
  if (c.applicantEnterpriseId === null) {
    if (!a.actingFor && a.personId === c.applicantPersonId) return applicant;
    throw new DomainError("NOT_FOUND", NOT_FOUND);
  }
  if (a.actingFor?.enterpriseId !== c.applicantEnterpriseId) throw new DomainError("NOT_FOUND", NOT_FOUND);
  try {
    await assertMayActFor(ctx.em, a.personId, c.applicantEnterpriseId, ctx.now, c.itemCode);
  } catch {
    throw new DomainError("NOT_FOUND", NOT_FOUND);
  }
  return applicant;
}

/** The stored snapshot, or the first one (from the item version's terms) for a case the flow never touched. */
export function snapshotOf(c: CaseForFlow): CaseSnapshot {
  if (c.flow) return c.flow as unknown as CaseSnapshot;
  const def = c.itemDefinition;
  return initialSnapshot(def.flowTemplate, {
    applicantId: c.applicantPersonId,
    statutoryDays: def.statutoryDays,
    promisedDays: def.promisedDays,
    yellowAt: def.yellowAt,
    issuesResult: def.resultType !== null,
    status: c.status === "draft" ? "draft" : "submitted",
  });
}
