import { DomainError } from "../../platform/index.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";
import type { CaseFlowFollowUp } from "../cases/apply-case-flow.ts";
import type { CaseForFlow } from "../cases/load-case-for-flow.ts";
import { type Actor, actorId } from "../context.ts";
import { holderIdType, RESULT_NUMBER_NEXT_SQL, resultNumberSql, validityEnd } from "./issue-result.ts";

/**
 * 办结 with an approval: the result of the case's item, held by the applicant enterprise or person, valid
 * from today for the months of the item version the case was filed under, issued by the case's department —
 * as a follow-up of the concluding transition, written by the same statement as the case row (applyCaseFlow).
 * Who may conclude was checked by the flow, and the department issues the type because its item names it, so
 * unlike issueResult this needs no reads. The number is taken from the per-type-and-year counter in that
 * statement, so the counter row is locked only until it commits. Writes the result, its audit row and a
 * `result.issued` outbox event; the final row gets `result_number`.
 */
export function caseResultFollowUp(
  c: CaseForFlow,
  actor: Actor,
  now: Date,
  data: Record<string, string | number | boolean | null>,
): CaseFlowFollowUp & { id: string } {
  const type = c.itemDefinition.resultType;
  if (!type) throw new DomainError("INVALID_STATE", "该事项不签发证照");
  const today = toChinaDate(now);
  const holder = c.applicantEnterpriseId ? "enterprise" : "person";
  const id = crypto.randomUUID();
  const year = Number(today.slice(0, 4));
  return {
    id,
    sql: `n as (${RESULT_NUMBER_NEXT_SQL}),
     r as (
       insert into result (id, number, result_type_code, name, holder_type, holder_person_id,
         holder_enterprise_id, item_id, case_id, issuing_department_id, issued_at, valid_from, valid_to, data,
         file_key, status, issuer_code, holder_id_type, jurisdiction_code, created_at)
       select ?, ${resultNumberSql("?", "n.last")}, ?, ?, ?, ?, ?, u.item_id, u.id, u.department_id, ?, ?, ?,
              ?::jsonb, null, 'valid', d.uscc, ?, d.region_code, now()
       from n, u join department d on d.id = u.department_id
       returning id, number),
     ra as (
       insert into audit_log (at, actor_type, actor_id, action, subject_type, subject_id, detail)
       select ?, ?, ?, 'result.issue', 'result', r.id, jsonb_build_object('number', r.number, 'caseId', ?::text)
       from r),
     ro as (
       insert into outbox (topic, payload, created_at)
       select 'result.issued', jsonb_build_object('resultId', r.id, 'number', r.number, 'resultTypeCode', ?::text),
              now()
       from r)`,
    params: [
      type.code,
      year,
      id,
      `${c.departmentCode}-${type.code}-${year}-`,
      type.code,
      type.name,
      holder,
      holder === "person" ? c.applicantPersonId : null,
      c.applicantEnterpriseId,
      now.toISOString(),
      today,
      type.validMonths ? validityEnd(today, type.validMonths) : null,
      JSON.stringify(data),
      holderIdType(holder),
      now.toISOString(),
      actor.type,
      actorId(actor),
      c.id,
      type.code,
    ],
    select: "(select number from r) as result_number",
  };
}
