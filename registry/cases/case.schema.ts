import { z } from "zod";
import { ZItemCode } from "../catalog/catalog.schema.ts";

export const ZSubmitCaseInput = z.object({
  itemCode: ZItemCode,
  applicant: z.discriminatedUnion("type", [
    z.object({ type: z.literal("person") }),
    z.object({ type: z.literal("enterprise"), enterpriseId: z.uuid() }),
  ]),
  /** Required when a clerk or the system files for someone; a person applies for themself. */
  applicantPersonId: z.uuid().optional(),
  channel: z.enum(["online", "window", "self_service"]).default("online"),
  formData: z.record(z.string(), z.unknown()),
  materials: z
    .array(
      z.union([
        z.object({ requirementCode: z.string().min(2).max(40), materialId: z.uuid() }),
        z.object({
          requirementCode: z.string().min(2).max(40),
          resultId: z.uuid(),
          /** Once-only reuse needs the applicant's explicit consent. */
          consent: z.literal(true, "使用已有证照需经申请人同意"),
        }),
      ]),
    )
    .max(60)
    .default([]),
});
export type TSubmitCaseInput = z.input<typeof ZSubmitCaseInput>;

export interface CaseView {
  id: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  itemVersion: number;
  departmentCode: string;
  applicantType: "person" | "enterprise";
  applicantName: string;
  status: string;
  channel: string;
  submittedAt: string;
  acceptedAt: string | null;
  promisedDeadline: string | null;
  statutoryDeadline: string | null;
  concludedAt: string | null;
  decision: "approved" | "denied" | null;
  formData: Record<string, unknown>;
  materials: { requirementCode: string; materialId: string | null; resultId: string | null }[];
}
