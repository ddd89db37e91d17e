import { z } from "zod";
import { normalizeUscc, usccProblem } from "./uscc.ts";

export const ZUscc = z
  .string()
  .transform(normalizeUscc)
  .superRefine((v, ctx) => {
    const problem = usccProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const ZDate = z.iso.date("日期格式应为 YYYY-MM-DD");

export const ZRegisterEnterpriseInput = z.object({
  uscc: ZUscc,
  name: z.string().trim().min(4, "企业名称至少 4 个字").max(200),
  type: z.string().trim().min(2).max(60),
  legalRepPersonId: z.uuid("法定代表人无效"),
  address: z.string().trim().min(4).max(200),
  registeredCapitalYuan: z.number().min(0).max(1e13).default(0),
  businessScope: z.string().trim().max(5000).default(""),
  establishedOn: ZDate,
  status: z.enum(["active", "revoked", "cancelled"]).default("active"),
});
export type TRegisterEnterpriseInput = z.input<typeof ZRegisterEnterpriseInput>;

export const ZGrantMemberInput = z
  .object({
    enterpriseId: z.uuid(),
    personId: z.uuid(),
    role: z.enum(["legal_rep", "admin", "agent"]),
    scope: z.union([
      z.literal("all"),
      z
        .array(z.string().regex(/^[A-Z0-9][A-Z0-9-]{3,39}$/))
        .min(1)
        .max(200),
    ]),
    validFrom: ZDate,
    validTo: ZDate.nullable().default(null),
  })
  .refine((v) => v.validTo === null || v.validTo >= v.validFrom, {
    path: ["validTo"],
    message: "截止日期不能早于开始日期",
  });
export type TGrantMemberInput = z.input<typeof ZGrantMemberInput>;

export interface EnterpriseView {
  id: string;
  uscc: string;
  name: string;
  type: string;
  legalRep: { id: string; name: string };
  address: string;
  registeredCapitalYuan: number;
  businessScope: string;
  establishedOn: string;
  status: "active" | "revoked" | "cancelled";
}

export interface MemberView {
  id: string;
  enterpriseId: string;
  person: { id: string; name: string; idNumberMasked: string };
  role: "legal_rep" | "admin" | "agent";
  scope: "all" | string[];
  validFrom: string;
  validTo: string | null;
  grantedBy: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  /** Valid today: not revoked and within its dates. */
  active: boolean;
}
