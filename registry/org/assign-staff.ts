import type { z } from "zod";
import { DomainError, parseInput, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { type Ctx, isAdmin } from "../context.ts";
import { Person } from "../persons/person.entity.ts";
import { Department, type IStaff, Staff, Window } from "./org.entity.ts";
import { type StaffView, ZAssignStaffInput } from "./org.schema.ts";

export function toStaffView(s: IStaff): StaffView {
  const d = s.department.unwrap();
  return {
    id: s.id,
    personId: s.person.id,
    personName: s.person.unwrap().name,
    departmentCode: d.code,
    departmentName: d.name,
    roles: [...s.roles],
    windowCode: s.window ? s.window.unwrap().code : null,
  };
}

/**
 * Puts a person on a department's staff with roles, or replaces the roles of an existing post.
 * A department window must serve the department.
 */
export async function assignStaff(ctx: Ctx, input: z.input<typeof ZAssignStaffInput>): Promise<StaffView> {
  if (!isAdmin(ctx.actor)) throw new DomainError("FORBIDDEN", "只有管理员可以设置工作人员");
  const data = parseInput(ZAssignStaffInput, input);
  return transact(ctx.em, async (em) => {
    const person = await em.findOne(Person, { id: data.personId });
    if (!person)
      throw new DomainError("NOT_FOUND", "未找到该人员", [{ path: "personId", message: "不存在" }]);
    const department = await em.findOne(Department, { code: data.departmentCode });
    if (!department)
      throw new DomainError("NOT_FOUND", "部门不存在", [{ path: "departmentCode", message: "不存在" }]);
    const window = data.windowCode ? await em.findOne(Window, { code: data.windowCode }) : null;
    if (data.windowCode && !window)
      throw new DomainError("NOT_FOUND", "窗口不存在", [{ path: "windowCode", message: "不存在" }]);
    // A department window (专窗) is staffed by its department; a comprehensive window (综合窗口) is staffed
    // by the hall's own clerks (政务服务管理办公室) who receive for every department it serves.
    if (window && window.kind === "department" && !window.departmentCodes.includes(department.code)) {
      throw new DomainError("VALIDATION", "该窗口不受理本部门事项", [
        { path: "windowCode", message: "窗口与部门不符" },
      ]);
    }
    let staff = await em.findOne(Staff, { person, department });
    if (staff) {
      staff.roles = [...new Set(data.roles)];
      staff.window = window ? em.getReference(Window, window.id, { wrapped: true }) : null;
      staff.active = true;
    } else {
      staff = em.create(Staff, {
        id: crypto.randomUUID(),
        person,
        department,
        roles: [...new Set(data.roles)],
        window,
        active: true,
      });
    }
    recordAudit(
      em,
      ctx.actor,
      ctx.now,
      "org.staff.assign",
      { type: "person", id: person.id },
      {
        department: department.code,
        roles: data.roles,
      },
    );
    await em.flush();
    await em.populate(staff, ["person", "department", "window"]);
    return toStaffView(staff);
  });
}

/** The posts a person holds. */
export async function listStaffPosts(ctx: Ctx, personId: string): Promise<StaffView[]> {
  const rows = await ctx.em.find(
    Staff,
    { person: personId, active: true },
    { populate: ["person", "department", "window"] },
  );
  return rows.map(toStaffView);
}
