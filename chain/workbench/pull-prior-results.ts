import { DomainError, parseInput, transact } from "../../platform/index.ts";
import { type Ctx, recordAudit, toChinaDate } from "../../registry/index.ts";
import { assertCaseId, CASE_NOT_FOUND, requireStaff } from "./staff.ts";
import { type PriorResult, type TPullPriorResultsInput, ZPullPriorResultsInput } from "./workbench.schema.ts";

/**
 * 调取申请人历史证照: the applicant's valid results from every department, for staff of the department
 * handling the case. Pulling another subject's data is authorised by the case and audited: the audit row
 * names the case, the applicant and the stated purpose, in the same transaction as the read.
 */
export async function pullPriorResults(ctx: Ctx, input: TPullPriorResultsInput): Promise<PriorResult[]> {
  const staff = requireStaff(ctx);
  const data = parseInput(ZPullPriorResultsInput, input);
  assertCaseId(data.caseId);
  return transact(ctx.em, async (em) => {
    const [c]: {
      id: string;
      case_no: string;
      department_id: string;
      applicant_type: "person" | "enterprise";
      applicant_person_id: string;
      applicant_enterprise_id: string | null;
    }[] = await em
      .getConnection()
      .execute(
        "select id, case_no, department_id, applicant_type, applicant_person_id, applicant_enterprise_id from case_file where id = ?",
        [data.caseId],
        "all",
        em.getTransactionContext(),
      );
    if (!c || c.department_id !== staff.departmentId) throw new DomainError("NOT_FOUND", CASE_NOT_FOUND);
    const holder =
      c.applicant_type === "enterprise" && c.applicant_enterprise_id
        ? { type: "enterprise" as const, id: c.applicant_enterprise_id }
        : { type: "person" as const, id: c.applicant_person_id };
    const rows: {
      id: string;
      result_type_code: string;
      name: string;
      number: string;
      issuer: string;
      issued_at: Date | string;
      valid_from: string;
      valid_to: string | null;
    }[] = await em.getConnection().execute(
      `select r.id, r.result_type_code, r.name, r.number, d.name as issuer, r.issued_at,
              to_char(r.valid_from, 'YYYY-MM-DD') as valid_from, to_char(r.valid_to, 'YYYY-MM-DD') as valid_to
       from result r join department d on d.id = r.issuing_department_id
       where ${holder.type === "enterprise" ? "r.holder_enterprise_id" : "r.holder_person_id"} = ?
         and r.status = 'valid' and (r.valid_to is null or r.valid_to >= ?::date)
       order by r.issued_at desc limit 200`,
      [holder.id, toChinaDate(ctx.now)],
      "all",
      em.getTransactionContext(),
    );
    recordAudit(
      em,
      ctx.actor,
      ctx.now,
      "results.pull",
      { type: holder.type, id: holder.id },
      { caseId: c.id, caseNo: c.case_no, purpose: data.purpose, resultCount: rows.length },
    );
    await em.flush();
    return rows.map((r) => ({
      id: r.id,
      resultTypeCode: r.result_type_code,
      name: r.name,
      number: r.number,
      issuer: r.issuer,
      issuedAt: new Date(r.issued_at).toISOString(),
      validFrom: r.valid_from,
      validTo: r.valid_to,
    }));
  });
}
