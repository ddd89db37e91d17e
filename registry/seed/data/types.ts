import type { TServiceItemInput } from "../../catalog/catalog.schema.ts";

/** Shapes of the demo city's data. The seeder turns each into calls of the registry's use cases. */

export type OrgLevel = "city" | "town" | "village";
export type StaffRole = "clerk" | "reviewer" | "approver" | "dept_admin" | "supervisor" | "admin";
export type MemberRole = "legal_rep" | "admin" | "agent";

export interface SeedRegion {
  /** 6-digit 行政区划代码 (fictional). */
  code: string;
  name: string;
  level: OrgLevel;
  parentCode: string | null;
}

export interface SeedDepartment {
  code: string; // e.g. "YGSCJ" — also the prefix of case numbers
  name: string;
  shortName: string;
  level: OrgLevel;
  parentCode: string | null;
  regionCode: string;
  /** The department's own USCC (机关, starts with 11); valid check digit. */
  uscc: string;
  phone: string;
  address: string;
}

export interface SeedServiceCenter {
  code: string;
  name: string;
  level: OrgLevel;
  parentCode: string | null;
  regionCode: string;
  address: string;
  phone: string;
  hours: string;
}

export interface SeedWindow {
  code: string;
  name: string;
  centerCode: string;
  /** 综合窗口 serve several departments; 专窗 one. */
  kind: "comprehensive" | "department";
  departmentCodes: string[];
}

export interface SeedPerson {
  /** Stable handle used by other seed rows. */
  key: string;
  name: string;
  idNumber: string; // valid GB 11643
  phone: string; // 11-digit mobile
  email: string | null;
  address: string;
  /** 实名等级: 1 basic, 2 verified against the ID database, 3 face-verified. */
  realNameLevel: 1 | 2 | 3;
}

export interface SeedMember {
  personKey: string;
  role: MemberRole;
  /** "all" items, or a list of item codes. */
  scope: "all" | string[];
  validFrom: string; // YYYY-MM-DD
  validTo: string | null;
}

export interface SeedEnterprise {
  uscc: string; // valid GB 32100
  name: string;
  type: string; // e.g. 有限责任公司（自然人投资或控股）
  legalRepKey: string;
  address: string;
  /** Registered capital in yuan (元). */
  registeredCapitalYuan: number;
  businessScope: string;
  establishedOn: string; // YYYY-MM-DD
  status: "active" | "revoked" | "cancelled";
  members: SeedMember[];
}

export interface SeedStaff {
  personKey: string;
  departmentCode: string;
  roles: StaffRole[];
  windowCode: string | null;
}

export type SeedServiceItem = TServiceItemInput;
