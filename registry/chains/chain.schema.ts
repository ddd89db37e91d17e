import { z } from "zod";
import { SUBJECT_TYPES, ZItemCode } from "../catalog/catalog.schema.ts";

export const ZChainCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9-]{2,39}$/, "业务链编码只能包含大写字母、数字和连字符（3-40 位）");
const ZStageKey = z.string().regex(/^[a-z][a-z0-9_]{1,29}$/, "环节编码只能包含小写字母、数字和下划线");

/** A chain as its author writes it; publishChain compiles it against the items' current versions. */
export const ZChainInput = z.object({
  code: ZChainCode,
  name: z.string().min(2).max(100),
  /** What the applicant gets done, in one or two sentences (the guide's lead). */
  summary: z.string().min(2).max(1000),
  subjectTypes: z.array(z.enum(SUBJECT_TYPES)).min(1),
  /**
   * The whole chain's promise in working days (e.g. 企业开办 in 1); null to promise the critical path of the
   * items' promised days.
   */
  promiseDays: z.number().int().min(0).max(365).nullable(),
  stages: z
    .array(
      z.object({
        key: ZStageKey,
        name: z.string().min(2).max(40),
        items: z.array(ZItemCode).min(1).max(10),
        /** Stages that must be done before this one starts; empty for a first stage. */
        after: z.array(ZStageKey).max(10).default([]),
      }),
    )
    .min(1)
    .max(12),
  /** Per item, form fields whose chain field has another name: item field → chain field. */
  fieldMaps: z.record(ZItemCode, z.record(z.string(), z.string())).default({}),
  /**
   * The item whose approval establishes the enterprise (企业开办's 营业执照): the enterprise is registered with the
   * applicant as legal representative, holds that item's result, and is the applicant of every later stage.
   */
  establishesEnterprise: ZItemCode.nullable().default(null),
  /**
   * Materials the chain does not ask for (减材料), e.g. one a parallel stage's department shares directly: the
   * item still lists it, the chain files its case without it.
   */
  waive: z
    .array(
      z.object({
        itemCode: ZItemCode,
        requirementCode: z.string().min(2).max(40),
        reason: z.string().min(2).max(200),
      }),
    )
    .max(40)
    .default([]),
  keywords: z.array(z.string().max(20)).max(20).default([]),
});
export type TChainInput = z.input<typeof ZChainInput>;
export type TChainInputParsed = z.output<typeof ZChainInput>;

/** An item of a chain as published: pinned to the item version current at publication. */
export interface ChainItemRef {
  code: string;
  name: string;
  stage: string;
  versionId: string;
  version: number;
  departmentId: string;
  departmentCode: string;
  departmentName: string;
  promisedDays: number;
  statutoryDays: number;
  resultTypeCode: string | null;
  resultTypeName: string | null;
  subjectTypes: string[];
  /** The item form's field names, in order (mapped from the chain's fields by fieldMaps). */
  fields: string[];
  /** The item's own material requirement codes (met from the chain's set or a handoff). */
  requirementCodes: string[];
}

/** A material the applicant provides once for the whole chain (一套材料). */
export interface ChainMaterial {
  code: string;
  name: string;
  required: boolean;
  form: "original" | "copy" | "electronic";
  /** Result types every item asking for it accepts in its place (免提交). */
  acceptedResultTypes: string[];
  note: string;
  /** The items that ask for it. */
  items: string[];
}

/** A published chain version's definition: the author's input plus what publication compiled from the items. */
export interface TChainDefinition extends TChainInputParsed {
  items: Record<string, ChainItemRef>;
  /** The combined form (一表申请): the union of the items' fields, each asked once. */
  formSchema: { type: "object"; properties: Record<string, unknown>; required: string[] } & Record<
    string,
    unknown
  >;
  /** Fields filled by the chain itself rather than the applicant (the established enterprise's USCC). */
  derivedFields: string[];
  materials: ChainMaterial[];
  /** Results of earlier stages attached as materials of later stages (trust level A). */
  handoffs: { fromItem: string; resultTypeCode: string; toItem: string; requirementCode: string }[];
  /** The longest path of promised days through the stages, and the promise actually made. */
  criticalPathDays: number;
  effectivePromiseDays: number;
}

export interface ChainSummaryView {
  code: string;
  name: string;
  summary: string;
  version: number;
  stageCount: number;
  itemCount: number;
  departments: string[];
  promiseDays: number;
  /** Working days the items would take one after another, for comparison (跑一次 vs 跑多次). */
  separateDays: number;
}

export const ZSubmitChainInput = z.object({
  chainCode: ZChainCode,
  applicant: z.discriminatedUnion("type", [
    z.object({ type: z.literal("person") }),
    z.object({ type: z.literal("enterprise"), enterpriseId: z.uuid() }),
  ]),
  formData: z.record(z.string(), z.unknown()),
  materials: z
    .array(
      z.union([
        z.object({ requirementCode: z.string().min(1).max(40), materialId: z.uuid() }),
        z.object({
          requirementCode: z.string().min(1).max(40),
          resultId: z.uuid(),
          /** Reuse of a held result needs the applicant's explicit consent. */
          consent: z.literal(true, { error: "使用已有证照需要您的同意" }),
        }),
      ]),
    )
    .max(60),
});
export type TSubmitChainInput = z.input<typeof ZSubmitChainInput>;
