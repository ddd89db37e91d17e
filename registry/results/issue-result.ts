import type { EntityManager } from "../../platform/index.ts";
import { DomainError, emitEvent, parseInput, sqlRows, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";
import { Case } from "../cases/case.entity.ts";
import { ResultType } from "../catalog/service-item.entity.ts";
import { type Ctx, isAdmin } from "../context.ts";
import { Enterprise } from "../enterprises/enterprise.entity.ts";
import { Department } from "../org/org.entity.ts";
import { Person } from "../persons/person.entity.ts";
import { type IResult, Result } from "./result.entity.ts";
import { type ResultView, type TIssueResultInput, ZIssueResultInput } from "./result.schema.ts";

export function toResultView(r: IResult, today: string): ResultView {
  const d = r.issuingDepartment.unwrap();
  const holder = r.holderEnterprise ? r.holderEnterprise.unwrap() : r.holderPerson!.unwrap();
  const expired = r.status === "valid" && !!r.validTo && r.validTo < today;
  return {
    id: r.id,
    number: r.number,
    resultTypeCode: r.resultTypeCode,
    name: r.name,
    holderType: r.holderType,
    holderId: holder.id,
    holderName: holder.name,
    issuingDepartment: { code: d.code, name: d.name },
    itemCode: r.item ? r.item.unwrap().code : null,
    caseId: r.case?.id ?? null,
    issuedAt: r.issuedAt.toISOString(),
    validFrom: r.validFrom,
    validTo: r.validTo ?? null,
    status: expired ? "expired" : r.status,
    data: r.data,
    fileKey: r.fileKey ?? null,
    certificate: {
      issuerCode: r.issuerCode,
      holderIdType: r.holderIdType,
      jurisdictionCode: r.jurisdictionCode,
    },
  };
}

/**
 * The last valid day of a validity of `months` starting on `from` (inclusive): the day before the same
 * date `months` later, so 12 months from 2026-03-01 end on 2027-02-28. When that month has no such date
 * (from 01-31, or 2024-02-29) the validity runs to its last day (民法典 §202: 没有对应日的，月末日为最后一日),
 * so 1 month from 2026-01-31 ends on 2026-02-28, never before a validity that starts a day earlier.
 */
export function validityEnd(from: string, months: number): string {
  const [y, m, d] = from.split("-").map(Number);
  const end = new Date(Date.UTC(y, m - 1 + months, d));
  // No such date in the target month: valid through its last day; otherwise through the day before.
  end.setUTCDate(end.getUTCDate() !== d ? 0 : d - 1);
  return end.toISOString().slice(0, 10);
}

/** The holder's identifier type as printed on a certificate (GB/T 36903 持证主体代码类型). */
export function holderIdType(holder: "person" | "enterprise"): string {
  return holder === "enterprise" ? "统一社会信用代码" : "公民身份号码";
}

/**
 * Takes the next number of a result type in a year (two bind parameters: type code, year), as a statement or
 * a CTE returning `last`. The counter row stays locked until the caller commits, so take it late.
 */
export const RESULT_NUMBER_NEXT_SQL = `insert into result_number_sequence (result_type_code, year, last) values (?, ?, 1)
  on conflict (result_type_code, year) do update set last = result_number_sequence.last + 1 returning last`;

/** A result number, `{dept}-{type}-{year}-{6 digits}`, from its prefix (`{dept}-{type}-{year}-`) and counter. */
export function resultNumberSql(prefix: string, last: string): string {
  return `${prefix} || lpad(${last}::text, 6, '0')`;
}

async function allocateResultNumber(
  em: EntityManager,
  deptCode: string,
  typeCode: string,
  year: number,
): Promise<string> {
  const [row] = await sqlRows<{ number: string }>(
    em,
    `with n as (${RESULT_NUMBER_NEXT_SQL}) select ${resultNumberSql("?", "n.last")} as number from n`,
    [typeCode, year, `${deptCode}-${typeCode}-${year}-`],
  );
  return row!.number;
}

/**
 * Issues a result (证照) of a type the actor's department issues. The number is allocated per result
 * type and year; the result appears in the holder's space and can be reused by other departments.
 */
export async function issueResult(ctx: Ctx, input: TIssueResultInput): Promise<ResultView> {
  const data = parseInput(ZIssueResultInput, input);
  return transact(ctx.em, async (em) => {
    const type = await em.findOne(ResultType, { code: data.resultTypeCode }, { populate: ["department"] });
    if (!type)
      throw new DomainError("NOT_FOUND", "证照类型不存在", [{ path: "resultTypeCode", message: "不存在" }]);
    const c = data.caseId ? await em.findOne(Case, { id: data.caseId }, { populate: ["department"] }) : null;
    if (data.caseId && !c)
      throw new DomainError("NOT_FOUND", "办件不存在", [{ path: "caseId", message: "不存在" }]);
    const a = ctx.actor;
    // A department system (an /api/v1 client) issues as its department's approver.
    const staff =
      a.type === "client"
        ? { departmentId: a.departmentId, roles: ["approver"] }
        : a.type === "person"
          ? a.staff
          : undefined;
    if (!isAdmin(a) && !staff?.roles.some((r) => r === "approver" || r === "clerk")) {
      throw new DomainError("FORBIDDEN", "只有签发部门的工作人员可以签发证照");
    }
    if (staff && c && c.department.id !== staff.departmentId)
      throw new DomainError("FORBIDDEN", "办件不属于本部门");
    const dept = c
      ? c.department.unwrap()
      : staff
        ? await em.findOneOrFail(Department, { id: staff.departmentId })
        : type.department.unwrap();
    const issuing: { n: number }[] = await em.getConnection().execute(
      `select count(*)::int as n from service_item i
       join service_item_version v on v.item_id = i.id and v.version = i.current_version
       where i.department_id = ? and v.definition->'resultType'->>'code' = ?`,
      [dept.id, type.code],
      "all",
      em.getTransactionContext(),
    );
    if (issuing[0].n === 0) throw new DomainError("FORBIDDEN", `${dept.name}不签发${type.name}`);
    const person =
      data.holder.type === "person" ? await em.findOne(Person, { id: data.holder.personId }) : null;
    const enterprise =
      data.holder.type === "enterprise"
        ? await em.findOne(Enterprise, { id: data.holder.enterpriseId })
        : null;
    if (!person && !enterprise)
      throw new DomainError("NOT_FOUND", "持证主体不存在", [{ path: "holder", message: "不存在" }]);
    const validTo =
      data.validTo !== undefined
        ? data.validTo
        : type.validMonths
          ? validityEnd(data.validFrom, type.validMonths)
          : null;
    const r = em.create(Result, {
      id: crypto.randomUUID(),
      number: await allocateResultNumber(em, dept.code, type.code, Number(toChinaDate(ctx.now).slice(0, 4))),
      resultTypeCode: type.code,
      name: type.name,
      holderType: data.holder.type,
      holderPerson: person,
      holderEnterprise: enterprise,
      item: c ? c.item : null,
      case: c,
      issuingDepartment: dept,
      issuedAt: ctx.now,
      validFrom: data.validFrom,
      validTo,
      data: data.data,
      fileKey: data.fileKey,
      status: "valid",
      revokedAt: null,
      revokeReason: null,
      issuerCode: dept.uscc,
      holderIdType: holderIdType(data.holder.type),
      jurisdictionCode: dept.regionCode,
    });
    recordAudit(em, ctx.actor, ctx.now, "result.issue", { type: "result", id: r.id }, { number: r.number });
    await emitEvent(em, "result.issued", { resultId: r.id, number: r.number, resultTypeCode: type.code });
    await em.flush();
    await em.populate(r, ["issuingDepartment", "holderPerson", "holderEnterprise", "item"]);
    return toResultView(r, toChinaDate(ctx.now));
  });
}
