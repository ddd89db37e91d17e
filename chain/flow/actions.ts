import { z } from "zod";

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD");
const ZText = z.string().trim().min(2, "请填写理由（至少 2 个字）").max(2000);
const ZMaterialCode = z.string().min(2).max(40);

/** One item of a supplement notice (补正告知): which material and what is wrong with it. */
export const ZSupplementItem = z.object({ code: ZMaterialCode, problem: ZText });

/** Everything that can be done to a case; validated inside `transition`. */
export const ZCaseAction = z.discriminatedUnion("type", [
  z.object({ type: z.literal("receive") }),
  z.object({ type: z.literal("accept") }),
  z.object({ type: z.literal("refuse"), reason: ZText, legalBasis: ZText }),
  z.object({
    type: z.literal("requestSupplement"),
    items: z.array(ZSupplementItem).min(1, "补正告知应列明全部需要补正的材料").max(40),
  }),
  z.object({
    type: z.literal("supplement"),
    items: z.array(z.object({ code: ZMaterialCode, materialId: z.uuid("材料编号无效").optional() })).min(1),
  }),
  z.object({
    type: z.literal("acceptWithDeficiency"),
    materialCode: ZMaterialCode,
    dueOn: ZDate,
    signedCommitment: z.literal(true, "容缺受理须由申请人签署承诺书"),
  }),
  z.object({ type: z.literal("deficiencyFulfilled"), materialId: z.uuid("材料编号无效").optional() }),
  z.object({ type: z.literal("deficiencyExpired") }),
  z.object({ type: z.literal("commitmentApproval"), commitmentText: ZText, verifyBy: ZDate }),
  z.discriminatedUnion("pass", [
    z.object({ type: z.literal("review"), pass: z.literal(true), opinion: z.string().max(2000).optional() }),
    z.object({ type: z.literal("review"), pass: z.literal(false), reason: ZText }),
  ]),
  z.object({ type: z.literal("skip"), reason: ZText }),
  z.object({
    type: z.literal("startSpecialProcedure"),
    kind: z.enum(["hearing", "inspection", "testing", "expert_review"]),
    reason: ZText,
  }),
  z.object({ type: z.literal("endSpecialProcedure"), outcome: ZText }),
  z.object({
    type: z.literal("extend"),
    days: z.number().int().min(1).max(60),
    approvedBy: z.string().trim().min(1).max(100),
    reason: ZText,
    /** Another law allowing more than the 10 days of §42 (法律、法规另有规定的). */
    otherLaw: z.string().trim().min(4).max(500).optional(),
  }),
  z.object({ type: z.literal("decide"), approve: z.boolean(), reasons: ZText }),
  z.object({ type: z.literal("conclude") }),
  z.object({ type: z.literal("return"), reason: ZText }),
  z.object({ type: z.literal("withdraw"), reason: z.string().max(2000).optional() }),
  z.object({ type: z.literal("arbitrate"), pass: z.boolean(), reason: ZText }),
]);

export type TCaseAction = z.infer<typeof ZCaseAction>;
/** An action as a caller may write it (before validation). */
export type CaseAction = z.input<typeof ZCaseAction>;
export type CaseActionType = TCaseAction["type"];

/** Every action type, in the order of the rule table. */
export const CASE_ACTION_TYPES = [
  "receive",
  "accept",
  "refuse",
  "requestSupplement",
  "supplement",
  "acceptWithDeficiency",
  "deficiencyFulfilled",
  "deficiencyExpired",
  "commitmentApproval",
  "review",
  "skip",
  "startSpecialProcedure",
  "endSpecialProcedure",
  "extend",
  "decide",
  "conclude",
  "return",
  "withdraw",
  "arbitrate",
] as const satisfies readonly CaseActionType[];
