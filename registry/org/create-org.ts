import type { z } from "zod";
import { DomainError, parseInput, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { type Ctx, isAdmin } from "../context.ts";
import { Department, type IDepartment, Region, ServiceCenter, Window } from "./org.entity.ts";
import {
  type DepartmentView,
  type TCreateDepartmentInput,
  ZCreateDepartmentInput,
  ZCreateRegionInput,
  ZCreateServiceCenterInput,
  ZCreateWindowInput,
} from "./org.schema.ts";

function assertAdmin(ctx: Ctx): void {
  if (!isAdmin(ctx.actor)) throw new DomainError("FORBIDDEN", "只有管理员可以维护组织机构");
}

export function toDepartmentView(d: IDepartment): DepartmentView {
  return {
    id: d.id,
    code: d.code,
    name: d.name,
    shortName: d.shortName,
    level: d.level,
    parentCode: d.parent ? d.parent.unwrap().code : null,
    regionCode: d.regionCode,
    uscc: d.uscc,
    phone: d.phone,
    address: d.address,
  };
}

/** Adds an administrative division. */
export async function createRegion(ctx: Ctx, input: z.input<typeof ZCreateRegionInput>): Promise<void> {
  assertAdmin(ctx);
  const data = parseInput(ZCreateRegionInput, input);
  await transact(ctx.em, async (em) => {
    if (await em.count(Region, { code: data.code })) throw new DomainError("DUPLICATE", "行政区划已存在");
    if (data.parentCode && !(await em.count(Region, { code: data.parentCode }))) {
      throw new DomainError("NOT_FOUND", "上级行政区划不存在", [{ path: "parentCode", message: "不存在" }]);
    }
    em.create(Region, data);
    await em.flush();
  });
}

/** Adds a department; its code becomes the prefix of its case numbers. */
export async function createDepartment(ctx: Ctx, input: TCreateDepartmentInput): Promise<DepartmentView> {
  assertAdmin(ctx);
  const data = parseInput(ZCreateDepartmentInput, input);
  return transact(ctx.em, async (em) => {
    if (await em.count(Department, { code: data.code })) {
      throw new DomainError("DUPLICATE", "部门编码已存在", [{ path: "code", message: "已存在" }]);
    }
    if (!(await em.count(Region, { code: data.regionCode }))) {
      throw new DomainError("NOT_FOUND", "行政区划不存在", [{ path: "regionCode", message: "不存在" }]);
    }
    const parent = data.parentCode ? await em.findOne(Department, { code: data.parentCode }) : null;
    if (data.parentCode && !parent)
      throw new DomainError("NOT_FOUND", "上级部门不存在", [{ path: "parentCode", message: "不存在" }]);
    const d = em.create(Department, { id: crypto.randomUUID(), ...data, parent });
    recordAudit(
      em,
      ctx.actor,
      ctx.now,
      "org.department.create",
      { type: "department", id: d.id },
      { code: d.code },
    );
    await em.flush();
    return toDepartmentView(d);
  });
}

/** Adds a service center (hall, town center or village station). */
export async function createServiceCenter(
  ctx: Ctx,
  input: z.input<typeof ZCreateServiceCenterInput>,
): Promise<{ id: string }> {
  assertAdmin(ctx);
  const data = parseInput(ZCreateServiceCenterInput, input);
  return transact(ctx.em, async (em) => {
    if (await em.count(ServiceCenter, { code: data.code }))
      throw new DomainError("DUPLICATE", "服务中心编码已存在");
    const parent = data.parentCode ? await em.findOne(ServiceCenter, { code: data.parentCode }) : null;
    if (data.parentCode && !parent) throw new DomainError("NOT_FOUND", "上级服务中心不存在");
    const c = em.create(ServiceCenter, { id: crypto.randomUUID(), ...data, parent });
    await em.flush();
    return { id: c.id };
  });
}

/** Adds a window to a center; every department it serves must exist. */
export async function createWindow(
  ctx: Ctx,
  input: z.input<typeof ZCreateWindowInput>,
): Promise<{ id: string }> {
  assertAdmin(ctx);
  const data = parseInput(ZCreateWindowInput, input);
  return transact(ctx.em, async (em) => {
    if (await em.count(Window, { code: data.code })) throw new DomainError("DUPLICATE", "窗口编码已存在");
    const center = await em.findOne(ServiceCenter, { code: data.centerCode });
    if (!center)
      throw new DomainError("NOT_FOUND", "服务中心不存在", [{ path: "centerCode", message: "不存在" }]);
    const found = await em.count(Department, { code: { $in: data.departmentCodes } });
    if (found !== new Set(data.departmentCodes).size) {
      throw new DomainError("NOT_FOUND", "窗口服务的部门不存在", [
        { path: "departmentCodes", message: "含不存在的部门" },
      ]);
    }
    const w = em.create(Window, {
      id: crypto.randomUUID(),
      code: data.code,
      name: data.name,
      center,
      kind: data.kind,
      departmentCodes: data.departmentCodes,
    });
    await em.flush();
    return { id: w.id };
  });
}

/** Departments in catalog order: city first, then towns, then villages, then by code. */
export async function listDepartments(ctx: Ctx): Promise<DepartmentView[]> {
  const rows = await ctx.em.find(Department, {}, { populate: ["parent"], orderBy: { code: "asc" } });
  const rank = { city: 0, town: 1, village: 2 } as const;
  return rows.map(toDepartmentView).sort((a, b) => rank[a.level] - rank[b.level]);
}
