import { z } from "zod";
import type { CaseAction } from "../../chain/index.ts";
import { DomainError } from "../../platform/index.ts";
import type { SpaceCaseActInput } from "../app/services.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STALE_FORM = "请求无效，请刷新页面后重试";

/** A case id that cannot name a case is answered like an unknown one (ids leak nothing). */
export function assertSpaceCaseId(caseId: unknown): asserts caseId is string {
  if (typeof caseId !== "string" || !UUID.test(caseId)) throw new DomainError("NOT_FOUND", "未找到该办件");
}

/** The version the page showed, from its hidden field; an empty field is missing, not version 0. */
const ZVersion = z.preprocess(
  (v) => (v === "" || v === null ? undefined : typeof v === "string" ? Number(v) : v),
  z
    .number("缺少办件版本号，请刷新后重试")
    .int("办件版本号无效，请刷新后重试")
    .min(0, "办件版本号无效，请刷新后重试"),
);

/** The applicant's forms on their case page; the flow engine then checks the action against the case. */
export const ZSpaceCaseAct = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("supplement"),
      version: ZVersion,
      codes: z
        .array(
          z.string("材料编码无效").trim().min(2, "材料编码无效").max(40, "材料编码无效"),
          "请选择补交的材料",
        )
        .min(1, "请至少勾选一项已补正的材料")
        .max(40, "补交的材料过多"),
      /** Per ticked material, optionally the stored material (library id) that answers it. */
      materials: z.record(z.string(), z.uuid("所选材料无效，请重新选择")).default({}),
    }),
    z.object({
      intent: z.literal("withdraw"),
      version: ZVersion,
      reason: z
        .string("撤回理由无效")
        .trim()
        .max(500, "撤回理由不能超过 500 字")
        .optional()
        .transform((r) => r || undefined),
    }),
  ],
  STALE_FORM,
);

/**
 * The flow action a posted form asks for, validated: problems come back as one VALIDATION error whose
 * message (every problem, in Chinese, without field paths) the page shows as is.
 */
export function spaceCaseAction(input: SpaceCaseActInput): { action: CaseAction; expectedVersion: number } {
  const r = ZSpaceCaseAct.safeParse({
    ...input,
    reason: input.reason === null || input.reason === "" ? undefined : input.reason,
  });
  if (!r.success) {
    const details = r.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
    throw new DomainError("VALIDATION", [...new Set(details.map((d) => d.message))].join("；"), details);
  }
  const f = r.data;
  if (f.intent === "supplement") {
    const codes = [...new Set(f.codes)];
    return {
      action: {
        type: "supplement",
        items: codes.map((code) => (f.materials[code] ? { code, materialId: f.materials[code] } : { code })),
      },
      expectedVersion: f.version,
    };
  }
  return {
    action: f.reason ? { type: "withdraw", reason: f.reason } : { type: "withdraw" },
    expectedVersion: f.version,
  };
}
