import { z } from "zod";
import { idNumberProblem, normalizeIdNumber } from "./id-number.ts";

export const ZIdNumber = z
  .string()
  .transform(normalizeIdNumber)
  .superRefine((v, ctx) => {
    const problem = idNumberProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const ZMobile = z
  .string()
  .transform((v) => v.replace(/[\s-]/g, "").replace(/^(\+?86)/, ""))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, "手机号码应为 11 位中国大陆手机号"));

export const ZRegisterPersonInput = z.object({
  name: z
    .string()
    .trim()
    .min(2, "姓名至少 2 个字")
    .max(50)
    .regex(/^[\p{Script=Han}·A-Za-z ]+$/u, "姓名只能包含汉字、字母和间隔号"),
  idNumber: ZIdNumber,
  phone: ZMobile.nullable().default(null),
  email: z.email("邮箱格式不正确").max(200).nullable().default(null),
  address: z.string().trim().max(200).default(""),
  realNameLevel: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1),
});
export type TRegisterPersonInput = z.input<typeof ZRegisterPersonInput>;

/** What pages may show of a person: never the clear ID number or phone. */
export interface PersonView {
  id: string;
  name: string;
  idNumberMasked: string;
  phoneMasked: string | null;
  email: string | null;
  address: string;
  realNameLevel: number;
}
