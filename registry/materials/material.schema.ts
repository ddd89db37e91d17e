import { z } from "zod";

export const MAX_MATERIAL_BYTES = 20 * 1024 * 1024;

export const ZStoreMaterialInput = z.object({
  owner: z.discriminatedUnion("type", [
    z.object({ type: z.literal("person"), personId: z.uuid() }),
    z.object({ type: z.literal("enterprise"), enterpriseId: z.uuid() }),
  ]),
  title: z.string().trim().min(2, "请填写材料名称").max(200),
  filename: z.string().trim().min(1).max(255),
  requirementCode: z
    .string()
    .regex(/^[a-z0-9_]{2,40}$/)
    .nullable()
    .default(null),
  validUntil: z.iso.date().nullable().default(null),
  trustLevel: z.enum(["A", "B", "C", "D"]).default("C"),
  /** The material this upload supersedes (a new version of the same document). */
  supersedesId: z.uuid().nullable().default(null),
});
export type TStoreMaterialInput = z.input<typeof ZStoreMaterialInput>;

export interface MaterialView {
  id: string;
  lineageId: string;
  version: number;
  ownerType: "person" | "enterprise";
  ownerId: string;
  requirementCode: string | null;
  title: string;
  sha256: string;
  size: number;
  mimeType: string;
  validUntil: string | null;
  trustLevel: "A" | "B" | "C" | "D";
  createdAt: string;
  current: boolean;
}
