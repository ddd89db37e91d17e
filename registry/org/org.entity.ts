import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { Person } from "../persons/person.entity.ts";

const LEVELS = ["city", "town", "village"] as const;

/** An administrative division (行政区划). */
export const Region = defineEntity({
  name: "Region",
  tableName: "region",
  properties: {
    code: p.string().length(12).primary(),
    name: p.string().length(50),
    level: p.enum([...LEVELS]),
    parentCode: p.string().length(12).nullable(),
  },
});
export type IRegion = InferEntity<typeof Region>;

/** A department (部门) at city, town or village level. Its code prefixes case numbers. */
export const Department = defineEntity({
  name: "Department",
  tableName: "department",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    code: p.string().length(10).unique(),
    name: p.string().length(100),
    shortName: p.string().length(30),
    level: p.enum([...LEVELS]),
    parent: () => p.manyToOne(Department).ref().nullable(),
    regionCode: p.string().length(12),
    uscc: p.string().length(18),
    phone: p.string().length(40).default(""),
    address: p.string().length(200).default(""),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IDepartment = InferEntity<typeof Department>;

/** 行政服务中心 / 便民服务中心 / 便民服务站. */
export const ServiceCenter = defineEntity({
  name: "ServiceCenter",
  tableName: "service_center",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    code: p.string().length(20).unique(),
    name: p.string().length(100),
    level: p.enum([...LEVELS]),
    parent: () => p.manyToOne(ServiceCenter).ref().nullable(),
    regionCode: p.string().length(12),
    address: p.string().length(200),
    phone: p.string().length(40).default(""),
    hours: p.string().length(100).default(""),
  },
});
export type IServiceCenter = InferEntity<typeof ServiceCenter>;

/** A hall window (窗口): 综合窗口 serving several departments or a department's own. */
export const Window = defineEntity({
  name: "Window",
  tableName: "service_window",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    code: p.string().length(20).unique(),
    name: p.string().length(100),
    center: () => p.manyToOne(ServiceCenter).ref(),
    kind: p.enum(["comprehensive", "department"] as const),
    departmentCodes: p.array().default([]),
  },
});
export type IWindow = InferEntity<typeof Window>;

export const STAFF_ROLES = ["clerk", "reviewer", "approver", "dept_admin", "supervisor", "admin"] as const;

/** A person working in a department, with roles. */
export const Staff = defineEntity({
  name: "Staff",
  tableName: "staff",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    person: () => p.manyToOne(Person).ref(),
    department: () => p.manyToOne(Department).ref(),
    roles: p.array().default([]),
    window: () => p.manyToOne(Window).ref().nullable(),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ["person", "department"] }],
});
export type IStaff = InferEntity<typeof Staff>;
