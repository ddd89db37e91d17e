import {
  DomainError,
  type EntityManager,
  OUTBOX_NOTIFY_SQL,
  outboxInsertCte,
  sqlRows,
} from "../../platform/index.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";
import type { CaseForFlow } from "../cases/load-case-for-flow.ts";
import { type Actor, actorId } from "../context.ts";
import { allocateResultNumber, holderIdType, validityEnd } from "./issue-result.ts";

/**
 * 办结 with an approval: the result of the case's item, held by the applicant enterprise or person, valid
 * from today for the months of the item version the case was filed under, issued by the case's department.
 * Called by the flow runtime in the transaction that concludes the case, after the case row is written: who
 * may conclude was checked by the flow, and the department issues the type because its item names it, so
 * unlike issueResult this needs no reads. The number is allocated last, so its counter row is locked only for
 * the final insert and the commit. Writes the result, its audit row and a `result.issued` outbox event.
 */
export async function issueCaseResult(
  em: EntityManager,
  c: CaseForFlow,
  actor: Actor,
  now: Date,
  data: Record<string, string | number | boolean | null>,
): Promise<{ id: string; number: string }> {
  if (!em.isInTransaction()) throw new Error("issueCaseResult must run inside the concluding transaction");
  const type = c.itemDefinition.resultType;
  if (!type) throw new DomainError("INVALID_STATE", "该事项不签发证照");
  const today = toChinaDate(now);
  const holder = c.applicantEnterpriseId ? "enterprise" : "person";
  const id = crypto.randomUUID();
  const number = await allocateResultNumber(em, c.departmentCode, type.code, Number(today.slice(0, 4)));
  await sqlRows(
    em,
    `with r as (
       insert into result (id, number, result_type_code, name, holder_type, holder_person_id,
         holder_enterprise_id, item_id, case_id, issuing_department_id, issued_at, valid_from, valid_to, data,
         file_key, status, issuer_code, holder_id_type, jurisdiction_code, created_at)
       select ?, ?, ?, ?, ?, ?, ?, c.item_id, c.id, c.department_id, ?, ?, ?, ?::jsonb, null, 'valid', d.uscc, ?,
              d.region_code, now()
       from case_file c join department d on d.id = c.department_id where c.id = ?
       returning id),
     a as (
       insert into audit_log (at, actor_type, actor_id, action, subject_type, subject_id, detail)
       select ?, ?, ?, 'result.issue', 'result', r.id, ?::jsonb from r),
     ${outboxInsertCte("o", "r")}
     select ${OUTBOX_NOTIFY_SQL} from r`,
    [
      id,
      number,
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
      c.id,
      now.toISOString(),
      actor.type,
      actorId(actor),
      JSON.stringify({ number, caseId: c.id }),
      "result.issued",
      JSON.stringify([{ resultId: id, number, resultTypeCode: type.code }]),
    ],
  );
  return { id, number };
}
