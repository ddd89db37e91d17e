import { z } from "zod";
import { DomainError, emitEvent, maskName, parseInput, sqlRows, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";
import type { Ctx } from "../context.ts";
import { Person } from "../persons/person.entity.ts";
import { appendCaseEvent } from "./append-case-event.ts";
import { applicantScope } from "./applicant-scope.ts";
import type { CaseFlowFollowUp } from "./apply-case-flow.ts";
import { Case } from "./case.entity.ts";
import { applicantScopeSql } from "./case-timeline.ts";
import { type VerificationStatus, VerificationTask } from "./verification-task.entity.ts";

/**
 * Opens the 告知承诺 verification task of a case approved on a commitment, as a follow-up of the approving
 * transition (written by the same statement as the case row; a second task for the same case would break the
 * unique case_id and write nothing).
 */
export function verificationTaskFollowUp(
  task: { commitmentText: string; dueOn: string },
  now: Date,
): CaseFlowFollowUp & { id: string } {
  const id = crypto.randomUUID();
  return {
    id,
    sql: `vt as (
       insert into verification_task (id, case_id, department_id, commitment_text, due_on, status, created_at)
       select ?, u.id, u.department_id, ?, ?::date, 'open', ? from u)`,
    params: [id, task.commitmentText, task.dueOn, now.toISOString()],
  };
}

/** A verification task as the department's workbench lists it. */
export interface VerificationTaskView {
  id: string;
  caseId: string;
  caseNo: string;
  itemName: string;
  /** The enterprise's name, or the person's name masked. */
  applicantName: string;
  commitmentText: string;
  dueOn: string;
  status: VerificationStatus;
  /** Open and past its due date. */
  overdue: boolean;
  finding: string | null;
  resolvedAt: string | null;
}

/** A page of a department's verification tasks. */
export interface VerificationTaskList {
  total: number;
  pageSize: number;
  tasks: VerificationTaskView[];
}

export const ZListVerificationTasks = z.object({
  status: z.enum(["open", "overdue", "passed", "failed"]).default("open"),
  page: z.coerce.number().int().min(1, "页码应大于 0").max(10_000).default(1),
});

const PAGE_SIZE = 20;

function staffOf(ctx: Ctx): { personId: string; departmentId: string; roles: readonly string[] } {
  const a = ctx.actor;
  if (a.type !== "person" || !a.staff) {
    throw new DomainError("FORBIDDEN", "核查任务仅供部门工作人员处理");
  }
  return { personId: a.personId, departmentId: a.staff.departmentId, roles: a.staff.roles };
}

/** The verification tasks of the actor's department: open (soonest due first), overdue, passed or failed. */
export async function listVerificationTasks(
  ctx: Ctx,
  input: z.input<typeof ZListVerificationTasks>,
): Promise<VerificationTaskList> {
  const q = parseInput(ZListVerificationTasks, input);
  const staff = staffOf(ctx);
  const today = toChinaDate(ctx.now);
  const where = {
    open: "t.status = 'open'",
    overdue: "t.status = 'open' and t.due_on < ?::date",
    passed: "t.status = 'passed'",
    failed: "t.status = 'failed'",
  }[q.status];
  const params: unknown[] = [staff.departmentId, ...(q.status === "overdue" ? [today] : [])];
  const rows = await sqlRows<{
    id: string;
    case_id: string;
    case_no: string;
    item_name: string;
    enterprise_name: string | null;
    person_name: string;
    commitment_text: string;
    due_on: string;
    status: VerificationStatus;
    finding: string | null;
    resolved_at: string | null;
    total: string;
  }>(
    ctx.em,
    `select t.id, t.case_id, c.case_no, i.name as item_name, e.name as enterprise_name, p.name as person_name,
            t.commitment_text, to_char(t.due_on, 'YYYY-MM-DD') as due_on, t.status, t.finding, t.resolved_at,
            count(*) over () as total
     from verification_task t
     join case_file c on c.id = t.case_id
     join service_item i on i.id = c.item_id
     join person p on p.id = c.applicant_person_id
     left join enterprise e on e.id = c.applicant_enterprise_id
     where t.department_id = ? and ${where}
     order by ${q.status === "open" || q.status === "overdue" ? "t.due_on asc" : "t.resolved_at desc"}, t.id
     limit ${PAGE_SIZE} offset ${(q.page - 1) * PAGE_SIZE}`,
    params,
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    pageSize: PAGE_SIZE,
    tasks: rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      caseNo: r.case_no,
      itemName: r.item_name,
      applicantName: r.enterprise_name ?? maskName(r.person_name),
      commitmentText: r.commitment_text,
      dueOn: r.due_on,
      status: r.status,
      overdue: r.status === "open" && r.due_on < today,
      finding: r.finding,
      resolvedAt: r.resolved_at === null ? null : new Date(r.resolved_at).toISOString(),
    })),
  };
}

/** A 告知承诺 commitment as its applicant sees it: what they committed to, and where its verification stands. */
export interface ApplicantCommitmentView {
  caseId: string;
  caseNo: string;
  itemName: string;
  commitmentText: string;
  /** The department verifies by this date (China date). */
  dueOn: string;
  status: VerificationStatus;
  /** Open and past its due date. */
  overdue: boolean;
  /** What the verification found, once closed. */
  finding: string | null;
  resolvedAt: string | null;
}

export const ZListMyCommitments = z.object({
  /** One case's commitment; without it, every commitment of the applicant. */
  caseId: z.uuid("办件编号无效").optional(),
  /** Only those still being verified. */
  openOnly: z.boolean().default(false),
});

/**
 * The 告知承诺 commitments of whoever the actor acts as (their own cases, or an enterprise's within an agent's
 * scope), soonest due first: another subject's case gives nothing.
 */
export async function listMyCommitments(
  ctx: Ctx,
  input: z.input<typeof ZListMyCommitments> = {},
): Promise<ApplicantCommitmentView[]> {
  const q = parseInput(ZListMyCommitments, input);
  const scope = applicantScopeSql(await applicantScope(ctx));
  const today = toChinaDate(ctx.now);
  const rows = await sqlRows<{
    case_id: string;
    case_no: string;
    item_name: string;
    commitment_text: string;
    due_on: string;
    status: VerificationStatus;
    finding: string | null;
    resolved_at: string | null;
  }>(
    ctx.em,
    `select t.case_id, c.case_no, i.name as item_name, t.commitment_text,
            to_char(t.due_on, 'YYYY-MM-DD') as due_on, t.status, t.finding, t.resolved_at
     from verification_task t
     join case_file c on c.id = t.case_id
     join service_item i on i.id = c.item_id
     where ${scope.sql}${q.caseId ? " and c.id = ?" : ""}${q.openOnly ? " and t.status = 'open'" : ""}
     order by t.due_on asc, t.id limit 50`,
    [...scope.params, ...(q.caseId ? [q.caseId] : [])],
  );
  return rows.map((r) => ({
    caseId: r.case_id,
    caseNo: r.case_no,
    itemName: r.item_name,
    commitmentText: r.commitment_text,
    dueOn: r.due_on,
    status: r.status,
    overdue: r.status === "open" && r.due_on < today,
    finding: r.finding,
    resolvedAt: r.resolved_at === null ? null : new Date(r.resolved_at).toISOString(),
  }));
}

export const ZResolveVerificationTask = z.object({
  taskId: z.uuid("核查任务编号无效"),
  passed: z.boolean("请选择核查结论"),
  finding: z.string().trim().min(2, "请填写核查情况（至少 2 个字）").max(2000),
});

/**
 * Closes a verification task with its finding. A commitment found true (passed) may be closed by a reviewer
 * or approver of the department. A commitment found untrue (failed) revokes the licence issued on it
 * (行政许可法 §69: 以欺骗等不正当手段取得的行政许可应当予以撤销), which is the approver's decision: every
 * valid result of the case is revoked. Either way the case's event chain records the outcome (stage 决定),
 * the audit log names who closed it, and a `verification.resolved` outbox event follows.
 */
export async function resolveVerificationTask(
  ctx: Ctx,
  input: z.input<typeof ZResolveVerificationTask>,
): Promise<{ status: VerificationStatus; revokedResults: number }> {
  const data = parseInput(ZResolveVerificationTask, input);
  const staff = staffOf(ctx);
  return transact(ctx.em, async (em) => {
    const t = await em.findOne(VerificationTask, { id: data.taskId });
    if (!t || t.department.id !== staff.departmentId) throw new DomainError("NOT_FOUND", "未找到该核查任务");
    if (t.status !== "open") throw new DomainError("INVALID_STATE", "该核查任务已办结");
    const needed = data.passed ? ["reviewer", "approver"] : ["approver"];
    if (!staff.roles.some((r) => needed.includes(r))) {
      throw new DomainError(
        "FORBIDDEN",
        data.passed ? "只有审查或审批人员可以办结核查任务" : "核查不实须由审批人员作出撤销决定",
      );
    }
    const status: VerificationStatus = data.passed ? "passed" : "failed";
    t.status = status;
    t.finding = data.finding;
    t.resolvedAt = ctx.now;
    t.resolvedBy = em.getReference(Person, staff.personId, { wrapped: true });
    let revokedResults = 0;
    if (!data.passed) {
      const revoked = await sqlRows<{ id: string }>(
        em,
        `update result set status = 'revoked', revoked_at = ?, revoke_reason = ?
         where case_id = ? and status = 'valid' returning id`,
        [ctx.now.toISOString(), "告知承诺核查不实，依法撤销", t.case.id],
      );
      revokedResults = revoked.length;
      for (const r of revoked) {
        recordAudit(
          em,
          ctx.actor,
          ctx.now,
          "result.revoke",
          { type: "result", id: r.id },
          {
            reason: "告知承诺核查不实",
            verificationTaskId: t.id,
          },
        );
      }
    }
    const c = await em.findOneOrFail(Case, { id: t.case.id });
    appendCaseEvent(em, c, {
      stage: "决定",
      action: data.passed ? "commitmentVerified" : "commitmentBreached",
      actor: ctx.actor,
      at: ctx.now,
      payload: { verificationTaskId: t.id, passed: data.passed, finding: data.finding, revokedResults },
    });
    recordAudit(
      em,
      ctx.actor,
      ctx.now,
      "verification.resolve",
      { type: "verification_task", id: t.id },
      {
        passed: data.passed,
        caseId: c.id,
      },
    );
    await emitEvent(em, "verification.resolved", {
      taskId: t.id,
      caseId: c.id,
      caseNo: c.caseNo,
      passed: data.passed,
    });
    await em.flush();
    return { status, revokedResults };
  });
}
