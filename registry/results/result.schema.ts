import { z } from "zod";

const ZDate = z.iso.date("日期格式应为 YYYY-MM-DD");

export const ZIssueResultInput = z
  .object({
    resultTypeCode: z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/),
    holder: z.discriminatedUnion("type", [
      z.object({ type: z.literal("person"), personId: z.uuid() }),
      z.object({ type: z.literal("enterprise"), enterpriseId: z.uuid() }),
    ]),
    caseId: z.uuid().nullable().default(null),
    /** The fields printed on the certificate. */
    data: z.record(z.string(), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])),
    validFrom: ZDate,
    /** When omitted, derived from the result type's validity (none when the type has none). */
    validTo: ZDate.nullable().optional(),
    fileKey: z.string().max(512).nullable().default(null),
  })
  .refine((v) => !v.validTo || v.validTo >= v.validFrom, {
    path: ["validTo"],
    message: "有效期截止日不能早于起始日",
  });
export type TIssueResultInput = z.input<typeof ZIssueResultInput>;

export interface ResultView {
  id: string;
  number: string;
  resultTypeCode: string;
  name: string;
  holderType: "person" | "enterprise";
  holderId: string;
  holderName: string;
  issuingDepartment: { code: string; name: string };
  itemCode: string | null;
  caseId: string | null;
  issuedAt: string;
  validFrom: string;
  validTo: string | null;
  /** The stored status, with `expired` also reported when the validity has passed. */
  status: "valid" | "revoked" | "expired";
  data: Record<string, unknown>;
  fileKey: string | null;
  certificate: { issuerCode: string; holderIdType: string; jurisdictionCode: string };
}
