import { z } from "zod";
import type { CaseStatus } from "../../registry/index.ts";
import type { CaseActionType, CaseSnapshot } from "../flow/index.ts";
import type { ClockStatus } from "../time/index.ts";

/** The workbench queues, in menu order. */
export const WORKBENCH_QUEUES = [
  "toReceive",
  "toAccept",
  "supplement",
  "dueSoon",
  "overdue",
  "myTasks",
  "arbitration",
] as const;
export type WorkbenchQueue = (typeof WORKBENCH_QUEUES)[number];

export const ZListWorkbenchCasesInput = z.object({
  /** Omitted: the actor's default queue (see defaultQueueOf). */
  queue: z.enum(WORKBENCH_QUEUES, "未知的工作台队列").optional(),
  page: z.coerce.number().int("页码应为整数").min(1, "页码应大于 0").max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type TListWorkbenchCasesInput = z.input<typeof ZListWorkbenchCasesInput>;

export const ZPullPriorResultsInput = z.object({
  caseId: z.string().min(1).max(64),
  purpose: z
    .string("请填写调取用途")
    .trim()
    .min(2, "请填写调取用途（2-200 字）")
    .max(200, "调取用途不能超过 200 字"),
});
export type TPullPriorResultsInput = z.input<typeof ZPullPriorResultsInput>;

/** The clock of one case as lists show it; remaining days are null before acceptance and for closed cases. */
export interface CaseClockBadge {
  remainingWorkingDays: ClockStatus["remainingWorkingDays"];
  level: ClockStatus["level"];
  paused: boolean;
}

/** One row of a workbench queue. */
export interface WorkbenchCaseRow extends CaseClockBadge {
  id: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  /** The enterprise's name, or the person's name masked (张*). */
  applicantName: string;
  status: CaseStatus;
  currentStepName: string;
  submittedAt: string;
  promisedDeadline: string | null;
}

/** A page of one queue. */
export interface WorkbenchCaseList {
  queue: WorkbenchQueue;
  page: number;
  pageSize: number;
  total: number;
  rows: WorkbenchCaseRow[];
}

/** The workbench menu: the queues this actor sees, their counts, and the one to open first. */
export interface WorkbenchMenu {
  departmentName: string;
  roles: string[];
  queues: WorkbenchQueue[];
  counts: Partial<Record<WorkbenchQueue, number>>;
  defaultQueue: WorkbenchQueue;
}

/** One hash-chained case event, for the timeline. */
export interface WorkbenchCaseEvent {
  seq: number;
  stage: string;
  action: string;
  actorName: string;
  at: string;
  payload: Record<string, unknown>;
}

/** Everything the case page of the workbench shows; personal numbers are masked here, never on the page. */
export interface WorkbenchCaseDetail {
  id: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  itemVersion: number;
  departmentName: string;
  status: CaseStatus;
  channel: string;
  submittedAt: string;
  acceptedAt: string | null;
  concludedAt: string | null;
  statutoryDeadline: string | null;
  promisedDeadline: string | null;
  decision: CaseSnapshot["decision"];
  applicant: {
    type: "person" | "enterprise";
    /** The enterprise (name and USCC are public registry data), when the applicant is one. */
    enterprise: { name: string; uscc: string } | null;
    /** The person who applied (for an enterprise: the legal representative or agent), masked. */
    person: { nameMasked: string; idNumberMasked: string; phoneMasked: string | null };
  };
  form: { name: string; title: string; value: string }[];
  requirements: { code: string; name: string; required: boolean; form: string }[];
  materials: {
    requirementCode: string;
    kind: "material" | "result";
    title: string;
    mimeType: string | null;
    size: number | null;
    /** A short-lived signed download link, or null when the file cannot be served. */
    url: string | null;
  }[];
  events: WorkbenchCaseEvent[];
  flow: {
    currentStep: { code: string; name: string; role: string };
    steps: { code: string; name: string; role: string; skippable: boolean }[];
    supplementNotices: CaseSnapshot["supplementNotices"];
    deficiency: CaseSnapshot["deficiency"];
    verification: CaseSnapshot["verification"];
    specialProcedures: CaseSnapshot["specialProcedures"];
    extensions: CaseSnapshot["clock"]["extensions"];
    arbitrationPending: boolean;
  };
  clock: CaseClockBadge & { statutoryRemainingWorkingDays: number | null };
  /** The result type the item issues at an approving 办结 (its code), or null when it issues none. */
  resultTypeCode: string | null;
  /** The results issued for the case, oldest first; `hasFile` tells whether a PDF is attached. */
  results: {
    id: string;
    number: string;
    resultTypeCode: string;
    status: "valid" | "revoked" | "expired";
    hasFile: boolean;
  }[];
  /** Pass it back as expectedVersion with the next action. */
  version: number;
  /** The business chain (一件事) the case belongs to, or null for a case filed on its own. */
  chain: { instanceId: string; instanceNo: string; chainName: string } | null;
  /** What this actor may do now: what the flow engine accepts for the case as it stands (chain/flow/preconditions.ts). */
  allowedActions: CaseActionType[];
}

/** A result of the applicant pulled by a clerk (调取历史证照). */
export interface PriorResult {
  id: string;
  resultTypeCode: string;
  name: string;
  number: string;
  issuer: string;
  issuedAt: string;
  validFrom: string;
  validTo: string | null;
}
