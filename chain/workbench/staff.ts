import { DomainError } from "../../platform/index.ts";
import type { Ctx } from "../../registry/index.ts";
import type { FlowActor } from "../flow/index.ts";

/** A person acting as staff of one department: who the workbench serves. */
export interface StaffActor {
  personId: string;
  name: string;
  departmentId: string;
  roles: string[];
}

export const CASE_NOT_FOUND = "未找到该办件";

/**
 * The roles a department system (an /api/v1 client) holds: it acts for its whole department at every step,
 * under the same rule table as staff (docs/decisions/013).
 */
export const DEPARTMENT_SYSTEM_ROLES = ["clerk", "reviewer", "approver"] as const;

/** True for staff or a department system: who may see and act on a department's cases. */
export function isDepartmentActor(ctx: Ctx): boolean {
  const a = ctx.actor;
  return a.type === "client" || (a.type === "person" && !!a.staff);
}

/** The staff actor of the context; anyone else (applicants, the public, the platform) gets FORBIDDEN. */
export function requireStaff(ctx: Ctx): StaffActor {
  const a = ctx.actor;
  if (a.type === "client") {
    return {
      personId: a.clientId,
      name: a.name,
      departmentId: a.departmentId,
      roles: [...DEPARTMENT_SYSTEM_ROLES],
    };
  }
  if (a.type !== "person" || !a.staff) {
    throw new DomainError("FORBIDDEN", "工作台仅供部门工作人员使用，请以工作人员身份登录");
  }
  return {
    personId: a.personId,
    name: a.name,
    departmentId: a.staff.departmentId,
    roles: [...a.staff.roles],
  };
}

/** The staff actor, as the flow engine's rule table sees it. */
export function staffFlowActor(s: StaffActor): FlowActor {
  return { id: s.personId, name: s.name, kind: "staff", roles: s.roles };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case id that cannot name a case is answered like an unknown one. */
export function assertCaseId(caseId: unknown): asserts caseId is string {
  if (typeof caseId !== "string" || !UUID.test(caseId)) throw new DomainError("NOT_FOUND", CASE_NOT_FOUND);
}
