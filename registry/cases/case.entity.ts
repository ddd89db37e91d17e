import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import { ServiceItem, ServiceItemVersion } from "../catalog/service-item.entity.ts";
import { ChainInstance } from "../chains/chain.entity.ts";
import { Enterprise } from "../enterprises/enterprise.entity.ts";
import { Department } from "../org/org.entity.ts";
import { Person } from "../persons/person.entity.ts";

export const CASE_STATUSES = [
  "draft",
  "submitted", // 网上申报/接件, waiting for acceptance
  "supplement_requested", // 补正告知, clock paused
  "accepted",
  "in_review",
  "special_procedure",
  "decided",
  "concluded",
  "refused", // 不予受理
  "returned", // 退件
  "withdrawn",
  "terminated",
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** 办件: one application for one item version. */
export const Case = defineEntity({
  name: "Case",
  tableName: "case_file",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => crypto.randomUUID()),
    caseNo: p.string().length(40).unique(),
    item: () => p.manyToOne(ServiceItem).ref(),
    itemVersion: () => p.manyToOne(ServiceItemVersion).ref(),
    department: () => p.manyToOne(Department).ref(),
    applicantType: p.enum(["person", "enterprise"] as const),
    /** The individual applicant, or the person acting for the enterprise. */
    applicantPerson: () => p.manyToOne(Person).ref(),
    applicantEnterprise: () => p.manyToOne(Enterprise).ref().nullable(),
    channel: p.enum(["online", "window", "self_service"] as const),
    status: p.enum([...CASE_STATUSES]),
    formData: p.json<Record<string, unknown>>(),
    submittedAt: p.datetime(),
    acceptedAt: p.datetime().nullable(),
    /** Deadlines are China calendar dates (YYYY-MM-DD), fixed at acceptance. */
    statutoryDeadline: p.date().nullable(),
    promisedDeadline: p.date().nullable(),
    concludedAt: p.datetime().nullable(),
    decision: p.enum(["approved", "denied"] as const).nullable(),
    /** Number of events so far; the next event's sequence number. */
    eventCount: p.integer().default(0),
    lastEventHash: p.string().length(64).nullable(),
    /** The flow engine's snapshot (chain/flow CaseSnapshot); null until the first flow action. */
    flow: p.json<Record<string, unknown>>().nullable(),
    /** The business chain (一件事) this case is a stage of, if any, and the stage's key in its definition. */
    chainInstance: () => p.manyToOne(ChainInstance).ref().nullable().index(),
    chainStage: p.string().length(40).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    version: p.integer().version(),
  },
  indexes: [
    { properties: ["applicantPerson", "submittedAt"] },
    { properties: ["applicantEnterprise", "submittedAt"] },
    { properties: ["department", "status"] },
    // A department system's sync (GET /api/v1/cases?updated_since=…): pages in (updated_at, id) order.
    { properties: ["department", "updatedAt", "id"] },
    {
      // The deficiency sweeper's lookup: cases still owing a 容缺 material, by due date.
      name: "case_file_open_deficiency_idx",
      expression: `create index case_file_open_deficiency_idx on case_file ((flow->'deficiency'->>'dueOn')) where flow->'deficiency'->>'status' = 'open'`,
    },
  ],
});
export type ICase = InferEntity<typeof Case>;

/** Supervision stage codes of case events (电子监察环节). */
export const STAGE_CODES = [
  "网上申报/接件",
  "受理",
  "不予受理",
  "补正告知",
  "补正受理",
  "审查",
  "特别程序申请",
  "特别程序结果",
  "决定",
  "办结",
  "退件",
  "撤回",
] as const;
export type StageCode = (typeof STAGE_CODES)[number];

/**
 * An append-only, hash-chained record of something that happened to a case. Each row stores the hash
 * of its predecessor and the SHA-256 of its own canonical JSON; a database trigger refuses updates and
 * deletes, and {@link verifyCaseEvents} detects rows changed behind the trigger's back.
 */
export const CaseEvent = defineEntity({
  name: "CaseEvent",
  tableName: "case_event",
  properties: {
    id: p.bigint("string").primary().autoincrement(),
    case: () => p.manyToOne(Case).ref(),
    seq: p.integer(),
    stage: p.string().length(20),
    action: p.string().length(40),
    actorType: p.string().length(20),
    actorId: p.string().length(64).nullable(),
    actorName: p.string().length(100),
    at: p.datetime(),
    payload: p.json<Record<string, unknown>>(),
    prevHash: p.string().length(64),
    hash: p.string().length(64),
  },
  uniques: [{ properties: ["case", "seq"] }],
});
export type ICaseEvent = InferEntity<typeof CaseEvent>;

/** Per department and day, the last case sequence number handed out. */
export const CaseNumberSequence = defineEntity({
  name: "CaseNumberSequence",
  tableName: "case_number_sequence",
  properties: {
    departmentCode: p.string().length(10).primary(),
    day: p.string().length(8).primary(),
    last: p.integer(),
  },
});
