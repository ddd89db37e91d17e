import { DomainError, sqlRows } from "../../platform/index.ts";
import { type CaseStatus, type Ctx, type TFlowTemplate, toChinaDate } from "../../registry/index.ts";
import { allowedActions } from "../flow/index.ts";
import { cachedWorkCalendar } from "../runtime/work-calendar-cache.ts";
import { clockStatus } from "../time/index.ts";
import { ACTIVE_STATUSES, itemTerms, snapshotOfRow } from "./case-clocks.ts";
import { applicantOf, eventsOf, formRows, materialsOf } from "./case-detail-parts.ts";
import { assertCaseId, CASE_NOT_FOUND, isDepartmentActor, requireStaff, staffFlowActor } from "./staff.ts";
import type { WorkbenchCaseDetail } from "./workbench.schema.ts";

interface CaseRow {
  id: string;
  case_no: string;
  status: CaseStatus;
  channel: string;
  flow: Record<string, unknown> | null;
  applicant_type: "person" | "enterprise";
  applicant_person_id: string;
  applicant_enterprise_id: string | null;
  department_id: string;
  department_name: string;
  item_version_id: string;
  item_code: string;
  item_name: string;
  item_version: number;
  result_type_code: string | null;
  form_data: Record<string, unknown>;
  form_schema: unknown;
  requirements: { code: string; name: string; required: boolean; form: string }[] | null;
  submitted_at: Date | string;
  accepted_at: Date | string | null;
  concluded_at: Date | string | null;
  version: number;
  chain_instance_id: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * A case as the workbench shows it to staff of its department: the case, the applicant (masked), the form,
 * materials with download links, the event timeline, the flow state, the clock, the version to act on and
 * the actions this actor may take. Anyone else gets NOT_FOUND, as for a case that does not exist.
 */
export async function getWorkbenchCase(ctx: Ctx, caseId: string): Promise<WorkbenchCaseDetail> {
  if (!isDepartmentActor(ctx)) throw new DomainError("NOT_FOUND", CASE_NOT_FOUND);
  const staff = requireStaff(ctx);
  assertCaseId(caseId);
  const [c]: CaseRow[] = await ctx.em.getConnection().execute(
    `select c.id, c.case_no, c.status, c.channel, c.flow, c.applicant_type, c.applicant_person_id,
            c.applicant_enterprise_id, c.department_id, d.name as department_name, c.item_version_id,
            i.code as item_code, i.name as item_name, v.version as item_version,
            v.definition->'resultType'->>'code' as result_type_code, c.form_data,
            v.definition->'formSchema' as form_schema, v.definition->'materials' as requirements,
            c.submitted_at, c.accepted_at, c.concluded_at, c.version, c.chain_instance_id
     from case_file c
     join department d on d.id = c.department_id
     join service_item i on i.id = c.item_id
     join service_item_version v on v.id = c.item_version_id
     where c.id = ?`,
    [caseId],
    "all",
  );
  if (!c || c.department_id !== staff.departmentId) throw new DomainError("NOT_FOUND", CASE_NOT_FOUND);
  const terms = (await itemTerms(ctx.em, [c.item_version_id])).get(c.item_version_id);
  if (!terms) throw new DomainError("NOT_FOUND", CASE_NOT_FOUND);
  const snap = snapshotOfRow(c, terms);
  const template: TFlowTemplate = terms.template;
  const cal = await cachedWorkCalendar(ctx.em, ctx.now);
  // A concluded case's clock is read at its conclusion (as getCaseFlow does); other closed cases show none.
  const clockAt = snap.status === "concluded" && c.concluded_at ? new Date(c.concluded_at) : ctx.now;
  const running = ACTIVE_STATUSES.includes(snap.status) || snap.status === "concluded";
  const clock = clockStatus(cal, snap.clock, clockAt);
  const step = template.steps[snap.step] ?? template.steps[0]!;
  const [applicant, materials, events, chain, results] = await Promise.all([
    applicantOf(ctx, c),
    materialsOf(ctx, c.id),
    eventsOf(ctx, c.id, c.applicant_person_id),
    chainOf(ctx, c.chain_instance_id),
    resultsOf(ctx, c.id),
  ]);
  return {
    id: c.id,
    caseNo: c.case_no,
    itemCode: c.item_code,
    itemName: c.item_name,
    itemVersion: c.item_version,
    departmentName: c.department_name,
    status: snap.status,
    channel: c.channel,
    submittedAt: iso(c.submitted_at)!,
    acceptedAt: iso(c.accepted_at),
    concludedAt: iso(c.concluded_at),
    statutoryDeadline: snap.deadlines.statutory,
    promisedDeadline: snap.deadlines.promised,
    decision: snap.decision,
    applicant,
    form: formRows(c.form_schema, c.form_data ?? {}),
    requirements: (c.requirements ?? []).map((r) => ({
      code: r.code,
      name: r.name,
      required: r.required,
      form: r.form,
    })),
    materials,
    events,
    flow: {
      currentStep: { code: step.code, name: step.name, role: step.role },
      steps: template.steps.map((s) => ({
        code: s.code,
        name: s.name,
        role: s.role,
        skippable: s.skippable,
      })),
      supplementNotices: snap.supplementNotices,
      deficiency: snap.deficiency,
      verification: snap.verification,
      specialProcedures: snap.specialProcedures,
      extensions: snap.clock.extensions,
      arbitrationPending: snap.arbitrationPending,
    },
    clock: {
      remainingWorkingDays: running ? clock.remainingWorkingDays : null,
      statutoryRemainingWorkingDays: running ? clock.statutoryRemainingWorkingDays : null,
      level: running ? clock.level : "none",
      paused: running && clock.paused,
    },
    resultTypeCode: c.result_type_code,
    results,
    version: c.version,
    chain,
    allowedActions: allowedActions(template, snap, staffFlowActor(staff), toChinaDate(ctx.now)),
  };
}

/** The business chain (一件事) the case is part of, if any. */
async function chainOf(ctx: Ctx, instanceId: string | null): Promise<WorkbenchCaseDetail["chain"]> {
  if (!instanceId) return null;
  const [r] = await sqlRows<{ instance_no: string; name: string }>(
    ctx.em,
    "select ci.instance_no, ch.name from chain_instance ci join chain ch on ch.id = ci.chain_id where ci.id = ?",
    [instanceId],
  );
  return r ? { instanceId, instanceNo: r.instance_no, chainName: r.name } : null;
}

/** The results issued for the case (at 办结 or pushed by the department's system), oldest first. */
async function resultsOf(ctx: Ctx, caseId: string): Promise<WorkbenchCaseDetail["results"]> {
  const rows = await sqlRows<{
    id: string;
    number: string;
    result_type_code: string;
    status: "valid" | "revoked" | "expired";
    valid_to: string | null;
    has_file: boolean;
  }>(
    ctx.em,
    `select id, number, result_type_code, status, valid_to::text as valid_to, file_key is not null as has_file
     from result where case_id = ? order by issued_at, number`,
    [caseId],
  );
  const today = toChinaDate(ctx.now);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    resultTypeCode: r.result_type_code,
    // As toResultView reports it: a valid result past its validity is expired.
    status: r.status === "valid" && r.valid_to !== null && r.valid_to < today ? "expired" : r.status,
    hasFile: r.has_file,
  }));
}
