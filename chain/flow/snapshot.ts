import type { CaseStatus, StageCode, TFlowTemplate } from "../../registry/index.ts";
import { ZFlowTemplate } from "../../registry/index.ts";
import { type ClockState, newClock } from "../time/index.ts";
import { FlowError } from "./flow-error.ts";

/** Who acts: the applicant (online or at the window), department staff with their roles, or the platform. */
export interface FlowActor {
  id: string;
  name: string;
  kind: "applicant" | "staff" | "system";
  /** Staff roles (clerk, reviewer, approver, dept_admin); ignored for applicants and the system. */
  roles: string[];
}

/** One supplement notice (一次性补正告知) and what the applicant changed in answer to it. */
export interface SupplementNotice {
  on: string;
  items: { code: string; problem: string }[];
  /** Material codes the applicant supplied in answer; null while unanswered. */
  supplied: string[] | null;
  /** Whether the notice was issued after acceptance (and so paused the clock). */
  afterAcceptance: boolean;
}

/** The state of one case as the flow engine sees it; the runtime stores it beside the case row. */
export interface CaseSnapshot {
  status: CaseStatus;
  /** The applicant (person id) allowed to supplement and withdraw. */
  applicantId: string;
  /** Whether the item issues a result (has a result type): an approved conclusion must issue one. */
  issuesResult: boolean;
  /** Index into the template's steps; 0 (the accept step) until acceptance. */
  step: number;
  /** How many times each step was entered; entries − 1 are re-entries (the loop guard). */
  stepEntries: number[];
  /** The status to go back to when a supplement arrives or a special procedure ends. */
  resumeStatus: CaseStatus | null;
  clock: ClockState;
  /** Fixed at acceptance through chain/time and moved only by pauses and extensions. */
  deadlines: { statutory: string | null; promised: string | null };
  supplementNotices: SupplementNotice[];
  /** 容缺受理: the material still owed and its due date. */
  deficiency: { materialCode: string; dueOn: string; status: "open" | "fulfilled" | "expired" } | null;
  /** 告知承诺: the verification task created on approval. */
  verification: { commitmentText: string; dueOn: string; status: "open" } | null;
  specialProcedures: {
    kind: string;
    reason: string;
    from: string;
    to: string | null;
    outcome: string | null;
  }[];
  decision: { approve: boolean; reasons: string; basis: "review" | "commitment"; on: string } | null;
  /** The loop guard sent the case to the department's approver. */
  arbitrationPending: boolean;
  concludedOn: string | null;
}

/** What happened, for the hash-chained case_event and the supervision feed. */
export interface FlowEvent {
  stage: StageCode;
  action: string;
  payload: Record<string, unknown>;
  /** Set when the action breaks a supervision rule (e.g. 二次补正); the action still happened. */
  violation?: string;
}

/** The item terms a new case's snapshot needs. */
export interface NewCaseTerms {
  applicantId: string;
  statutoryDays: number;
  promisedDays: number;
  yellowAt?: number;
  issuesResult: boolean;
  /** "draft" for a window case not yet received; "submitted" for an online submission. */
  status?: "draft" | "submitted";
}

/** The snapshot of a case before anything has happened to it. */
export function initialSnapshot(template: TFlowTemplate, terms: NewCaseTerms): CaseSnapshot {
  const status = terms.status ?? "draft";
  return {
    status,
    applicantId: terms.applicantId,
    issuesResult: terms.issuesResult,
    step: 0,
    stepEntries: template.steps.map((_, i) => (i === 0 && status === "submitted" ? 1 : 0)),
    resumeStatus: null,
    clock: newClock(terms.statutoryDays, terms.promisedDays, terms.yellowAt),
    deadlines: { statutory: null, promised: null },
    supplementNotices: [],
    deficiency: null,
    verification: null,
    specialProcedures: [],
    decision: null,
    arbitrationPending: false,
    concludedOn: null,
  };
}

/** What a step does: accept, decide, conclude, or a review-like step (审查, 现场勘验, 上报 …). */
export type StepKind = "accept" | "review" | "decide" | "conclude";

export function stepKind(template: TFlowTemplate, index: number): StepKind {
  const code = template.steps[index]?.code;
  return code === "accept" || code === "decide" || code === "conclude" ? code : "review";
}

/**
 * Validates a flow template: the catalog schema (2–5 steps, the province rule), the first step is `accept`,
 * step codes are unique, and `decide`/`conclude` come last in that order.
 */
export function parseTemplate(template: unknown): TFlowTemplate {
  const parsed = ZFlowTemplate.safeParse(template);
  if (!parsed.success) {
    throw new FlowError(
      "VALIDATION",
      `流程模板无效：${parsed.error.issues.map((i) => i.message).join("；")}`,
    );
  }
  const t = parsed.data;
  const codes = t.steps.map((s) => s.code);
  if (codes[0] !== "accept") throw new FlowError("VALIDATION", "流程模板的第一个环节必须是受理（accept）");
  if (new Set(codes).size !== codes.length) throw new FlowError("VALIDATION", "流程模板的环节编码不能重复");
  // decide and conclude, when present, are the last steps in that order; at least one of them ends the flow.
  const tail = codes.filter((c) => c === "decide" || c === "conclude").join();
  const ending = codes.slice(codes.length - tail.split(",").length).join();
  if (!["decide,conclude", "decide", "conclude"].includes(tail) || ending !== tail) {
    throw new FlowError("VALIDATION", "流程模板应以决定（decide）、办结（conclude）环节结束");
  }
  if (t.steps[0]!.skippable || t.steps.slice(-1)[0]!.skippable) {
    throw new FlowError("VALIDATION", "受理和最后一个环节不能跳过");
  }
  return t;
}
