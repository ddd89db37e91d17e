import { z } from "zod";
import { DomainError } from "../../platform/index.ts";
import type { Ctx } from "../../registry/index.ts";
import { type CaseAction, ZCaseAction } from "../flow/index.ts";
import { performCaseAction } from "../runtime/index.ts";
import { assertCaseId, CASE_NOT_FOUND, isDepartmentActor, requireStaff } from "./staff.ts";

export const ZWorkbenchActionInput = z.object({
  caseId: z.string().min(1).max(64),
  action: ZCaseAction,
  /** A number, or its text from a form; an empty field is missing, not version 0. */
  expectedVersion: z.preprocess(
    (v) => (v === "" || v === null ? undefined : typeof v === "string" ? Number(v) : v),
    z
      .number("缺少办件版本号，请刷新后重试")
      .int("办件版本号无效，请刷新后重试")
      .min(0, "办件版本号无效，请刷新后重试"),
  ),
});
export type TWorkbenchActionInput = { caseId: string; action: CaseAction; expectedVersion: number | string };

/** What the page needs after an action: the new version and where the case stands. */
export interface WorkbenchActionOutcome {
  version: number;
  status: string;
  remainingWorkingDays: number | null;
  level: "none" | "yellow" | "red";
  paused: boolean;
}

/**
 * A staff member's action from the workbench: validated here (the action's own schema names the field at
 * fault), then run by the flow runtime in one transaction against the version the page showed. Only staff may
 * act from the workbench (applicants supplement and withdraw from their space); the runtime checks the
 * department and the role. Every refusal writes nothing.
 */
export async function performWorkbenchAction(
  ctx: Ctx,
  input: TWorkbenchActionInput,
): Promise<WorkbenchActionOutcome> {
  if (!isDepartmentActor(ctx)) throw new DomainError("NOT_FOUND", CASE_NOT_FOUND);
  requireStaff(ctx);
  assertCaseId(input?.caseId);
  const data = parseAction(input);
  const out = await performCaseAction(ctx, {
    caseId: data.caseId,
    action: data.action,
    expectedVersion: data.expectedVersion,
  });
  return {
    version: out.version,
    status: out.flow.status,
    remainingWorkingDays: out.flow.remainingWorkingDays,
    level: out.flow.level,
    paused: out.flow.paused,
  };
}

/** Names of the action fields, for problems the schema describes only in zod's (English) default words. */
const FIELD_NAMES: Record<string, string> = {
  action: "操作",
  type: "操作",
  expectedVersion: "办件版本号",
  reason: "理由",
  legalBasis: "法律依据",
  items: "补正材料",
  code: "材料",
  problem: "补正内容",
  materialCode: "容缺材料",
  dueOn: "补交期限",
  signedCommitment: "承诺书",
  commitmentText: "承诺内容",
  verifyBy: "核查期限",
  opinion: "审查意见",
  pass: "审查结论",
  kind: "特别程序种类",
  outcome: "特别程序结果",
  days: "延长天数",
  approvedBy: "批准人",
  otherLaw: "其他法律依据",
  approve: "决定结果",
  reasons: "决定理由",
};
const HAS_CHINESE = /[\u4e00-\u9fff]/;

/** Like parseInput, but the message lists the problems without field paths: the page shows it as is. */
function parseAction(input: TWorkbenchActionInput): z.output<typeof ZWorkbenchActionInput> {
  const r = ZWorkbenchActionInput.safeParse(input);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => {
    const field = [...i.path].reverse().find((p) => typeof p === "string") as string | undefined;
    const message = HAS_CHINESE.test(i.message)
      ? i.message
      : `${FIELD_NAMES[field ?? ""] ?? "输入"}填写不正确`;
    return { path: i.path.map(String).join("."), message };
  });
  throw new DomainError("VALIDATION", [...new Set(details.map((d) => d.message))].join("；"), details);
}
