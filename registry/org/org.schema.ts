import { z } from "zod";
import { ZUscc } from "../enterprises/enterprise.schema.ts";

const ZLevel = z.enum(["city", "town", "village"]);
const ZRegionCode = z.string().regex(/^\d{6}(\d{3}){0,2}$/, "行政区划代码应为 6、9 或 12 位数字");

export const ZCreateRegionInput = z.object({
  code: ZRegionCode,
  name: z.string().trim().min(2).max(50),
  level: ZLevel,
  parentCode: ZRegionCode.nullable().default(null),
});

export const ZCreateDepartmentInput = z.object({
  code: z.string().regex(/^[A-Z]{2,10}$/, "部门编码为 2-10 位大写字母"),
  name: z.string().trim().min(2).max(100),
  shortName: z.string().trim().min(2).max(30),
  level: ZLevel,
  parentCode: z.string().nullable().default(null),
  regionCode: ZRegionCode,
  uscc: ZUscc,
  phone: z.string().max(40).default(""),
  address: z.string().max(200).default(""),
});
export type TCreateDepartmentInput = z.input<typeof ZCreateDepartmentInput>;

export const ZCreateServiceCenterInput = z.object({
  code: z.string().regex(/^[A-Z0-9-]{2,20}$/),
  name: z.string().trim().min(2).max(100),
  level: ZLevel,
  parentCode: z.string().nullable().default(null),
  regionCode: ZRegionCode,
  address: z.string().trim().min(2).max(200),
  phone: z.string().max(40).default(""),
  hours: z.string().max(100).default(""),
});

export const ZCreateWindowInput = z.object({
  code: z.string().regex(/^[A-Z0-9-]{2,20}$/),
  name: z.string().trim().min(2).max(100),
  centerCode: z.string().min(2),
  kind: z.enum(["comprehensive", "department"]),
  departmentCodes: z
    .array(z.string().regex(/^[A-Z]{2,10}$/))
    .min(1)
    .max(40),
});

export const ZAssignStaffInput = z.object({
  personId: z.uuid(),
  departmentCode: z.string().regex(/^[A-Z]{2,10}$/),
  roles: z.array(z.enum(["clerk", "reviewer", "approver", "dept_admin", "supervisor", "admin"])).min(1),
  windowCode: z.string().nullable().default(null),
});

export interface DepartmentView {
  id: string;
  code: string;
  name: string;
  shortName: string;
  level: "city" | "town" | "village";
  parentCode: string | null;
  regionCode: string;
  uscc: string;
  phone: string;
  address: string;
}

export interface StaffView {
  id: string;
  personId: string;
  personName: string;
  departmentCode: string;
  departmentName: string;
  roles: string[];
  windowCode: string | null;
}
