import { z } from "zod";

/** 事项类型 — the kind of power an item exercises. */
export const ITEM_KINDS = [
  "行政许可",
  "行政确认",
  "行政给付",
  "行政备案",
  "行政征收",
  "其他行政权力",
  "公共服务",
] as const;
/** 办件类型: instant 即办件, promised 承诺件, escalated 上报件, joint 联办件. */
export const HANDLING_TYPES = ["instant", "promised", "escalated", "joint"] as const;
/** 网办深度. */
export const ONLINE_DEPTHS = ["全程网办", "网上预审", "网上申报", "最多跑一次", "窗口办理"] as const;
export const SUBJECT_TYPES = ["person", "enterprise"] as const;
/** Roles that may act on a flow step (refined by the case-handling engine). */
export const STEP_ROLES = ["clerk", "reviewer", "approver", "dept_admin"] as const;

export const ZItemCode = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{3,39}$/, "事项编码只能包含大写字母、数字和连字符（4-40 位）");

/** One material an item asks for (申请材料). */
export const ZMaterialRequirement = z.object({
  code: z.string().regex(/^[a-z0-9_]{2,40}$/, "材料编码只能包含小写字母、数字和下划线"),
  name: z.string().min(2).max(100),
  required: z.boolean(),
  /** 原件 / 复印件 / 电子件 */
  form: z.enum(["original", "copy", "electronic"]),
  copies: z.number().int().min(0).max(20),
  /** Result types (e.g. a business licence) that satisfy this requirement for once-only reuse (免提交). */
  acceptedResultTypes: z.array(z.string().min(2).max(40)).max(10).default([]),
  /** Object key of a blank template or sample, if any. */
  templateKey: z.string().max(300).nullable().default(null),
  note: z.string().max(500).default(""),
});

export const ZFlowStep = z.object({
  code: z.string().regex(/^[a-z_]{2,30}$/),
  name: z.string().min(2).max(20),
  role: z.enum(STEP_ROLES),
  /** May this step be skipped when its conditions do not apply. */
  skippable: z.boolean().default(false),
});

/** The steps a case of the item goes through; at most 5 (the province rule). */
export const ZFlowTemplate = z.object({
  type: z.enum(["instant", "promised", "escalated", "complex"]),
  steps: z.array(ZFlowStep).min(2).max(5, "流程环节不得超过 5 个"),
});

export const ZServicePoint = z.object({
  name: z.string().min(2).max(100),
  address: z.string().min(2).max(200),
  phone: z.string().max(40).default(""),
  hours: z.string().max(100).default(""),
});

/** A JSON Schema (draft 2020-12 subset) describing the application form; validated with ajv at submit. */
export const ZFormSchema = z
  .object({ type: z.literal("object"), properties: z.record(z.string(), z.any()) })
  .catchall(z.any());

export const ZFee = z.object({
  /** Amount in fen (分); 0 means free. */
  amountFen: z.number().int().min(0),
  basis: z.string().max(500).default(""),
});

/** Everything that defines one version of a service item (实施清单). */
export const ZServiceItemInput = z.object({
  code: ZItemCode,
  name: z.string().min(2).max(100),
  departmentCode: z.string().min(2).max(40),
  kind: z.enum(ITEM_KINDS),
  handlingType: z.enum(HANDLING_TYPES),
  subjectTypes: z.array(z.enum(SUBJECT_TYPES)).min(1),
  /** 设定依据 / 实施依据: one law or regulation article per entry. */
  legalBasis: z.array(z.string().min(4).max(500)).min(1),
  /** 受理条件 */
  conditions: z.string().max(2000).default(""),
  statutoryDays: z.number().int().min(0).max(365),
  promisedDays: z.number().int().min(0).max(365),
  fee: ZFee,
  servicePoints: z.array(ZServicePoint).min(1),
  onlineDepth: z.enum(ONLINE_DEPTHS),
  visitsRequired: z.number().int().min(0).max(5),
  materials: z.array(ZMaterialRequirement).max(40),
  formSchema: ZFormSchema,
  flowTemplate: ZFlowTemplate,
  /** The result type this item issues (e.g. BUSINESS_LICENSE), or null when it issues none. */
  resultType: z
    .object({
      code: z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/),
      name: z.string().min(2).max(60),
      /** Validity in months; null means no expiry. */
      validMonths: z.number().int().min(1).max(1200).nullable(),
    })
    .nullable(),
  /** Fraction of the promised time after which a yellow warning is raised. */
  yellowAt: z
    .number()
    .gt(0)
    .lt(1)
    .default(2 / 3),
  keywords: z.array(z.string().max(20)).max(20).default([]),
});

export type TServiceItemInput = z.input<typeof ZServiceItemInput>;
export type TServiceItem = z.output<typeof ZServiceItemInput>;
export type TMaterialRequirement = z.output<typeof ZMaterialRequirement>;
export type TFlowTemplate = z.output<typeof ZFlowTemplate>;
