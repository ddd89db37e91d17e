import { z } from "zod";
import { ZItemCode } from "../catalog/catalog.schema.ts";

const ZRequirementCode = z.string().regex(/^[a-z0-9_]{2,40}$/, "材料编码无效");

/** How a draft meets one requirement: a library material, or a held result (consent may still be missing). */
export const ZDraftMaterial = z.union([
  z.object({ requirementCode: ZRequirementCode, materialId: z.uuid("材料编号无效") }),
  z.object({ requirementCode: ZRequirementCode, resultId: z.uuid("证照编号无效"), consent: z.boolean() }),
]);
export type DraftMaterial = z.infer<typeof ZDraftMaterial>;

/** Form data is kept small: a draft is not a file store. */
const ZFormData = z
  .record(z.string().max(100), z.unknown(), "表单数据无效")
  .refine((d) => JSON.stringify(d).length <= 100_000, "表单内容过长");

export const ZSaveDraftInput = z.object({
  itemCode: ZItemCode,
  step: z.number().int().min(1).max(3).default(1),
  formData: ZFormData.default({}),
  materials: z.array(ZDraftMaterial).max(60, "材料过多").default([]),
});
export type TSaveDraftInput = z.input<typeof ZSaveDraftInput>;

/** What the applicant submits from the apply page (the applicant is the acting identity). */
export const ZSubmitApplicationInput = z.object({
  itemCode: ZItemCode,
  formData: ZFormData,
  materials: z.array(ZDraftMaterial).max(60, "材料过多").default([]),
  /** Form fields to fill from the applicant's registered data (see resolveRegisteredFields). */
  registered: z
    .array(z.string("表单字段无效").regex(/^[A-Za-z][A-Za-z0-9_]{0,59}$/, "表单字段无效"), "表单字段无效")
    .max(10, "表单字段无效")
    .default([]),
});
export type TSubmitApplicationInput = z.input<typeof ZSubmitApplicationInput>;

/** A saved draft as pages see it. */
export interface DraftView {
  id: string;
  itemCode: string;
  itemVersion: number;
  step: number;
  formData: Record<string, unknown>;
  materials: DraftMaterial[];
  updatedAt: string;
}

export const ZUploadForApplicationInput = z.object({
  itemCode: ZItemCode,
  requirementCode: ZRequirementCode,
  filename: z.string("请选择文件").trim().min(1, "请选择文件").max(255, "文件名过长"),
});
export type TUploadForApplicationInput = z.input<typeof ZUploadForApplicationInput>;
