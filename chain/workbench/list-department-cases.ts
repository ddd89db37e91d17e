import { z } from "zod";
import { DomainError, parseInput, sqlRows } from "../../platform/index.ts";
import { CASE_STATUSES, type CaseStatus, type Ctx } from "../../registry/index.ts";
import { requireStaff } from "./staff.ts";

export const ZListDepartmentCasesInput = z.object({
  status: z.enum(CASE_STATUSES, "未知的办件状态").optional(),
  itemCode: z.string().trim().min(2).max(40).optional(),
  /** Only cases changed at or after this instant (RFC 3339). */
  updatedSince: z.iso.datetime({ offset: true, message: "updated_since 应为 RFC 3339 时间" }).optional(),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TListDepartmentCasesInput = z.input<typeof ZListDepartmentCasesInput>;

/** One case in a department system's list. */
export interface DepartmentCaseRow {
  id: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  status: CaseStatus;
  applicantType: "person" | "enterprise";
  submittedAt: string;
  updatedAt: string;
  promisedDeadline: string | null;
  version: number;
}

/** A page of the list; `nextCursor` is null on the last page. */
export interface DepartmentCaseList {
  rows: DepartmentCaseRow[];
  nextCursor: string | null;
}

interface Row {
  id: string;
  case_no: string;
  item_code: string;
  item_name: string;
  status: CaseStatus;
  applicant_type: "person" | "enterprise";
  submitted_at: Date | string;
  updated_at: string;
  promised_deadline: string | null;
  version: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  if (!at || !id || !UUID.test(id) || Number.isNaN(Date.parse(at))) {
    throw new DomainError("VALIDATION", "cursor 无效", [{ path: "cursor", message: "无效的分页游标" }]);
  }
  return { at, id };
}

/**
 * The cases of the caller's department (staff or a department system), oldest change first, so that a
 * system syncing with `updatedSince` and the cursor sees every change once. The cursor is the last row's
 * (updated_at, id), with updated_at at full microsecond precision.
 */
export async function listDepartmentCases(
  ctx: Ctx,
  input: TListDepartmentCasesInput,
): Promise<DepartmentCaseList> {
  const staff = requireStaff(ctx);
  const data = parseInput(ZListDepartmentCasesInput, input);
  const where = ["c.department_id = ?", "c.status <> 'draft'"];
  const params: unknown[] = [staff.departmentId];
  if (data.status) {
    where.push("c.status = ?");
    params.push(data.status);
  }
  if (data.itemCode) {
    where.push("i.code = ?");
    params.push(data.itemCode);
  }
  if (data.updatedSince) {
    where.push("c.updated_at >= ?::timestamptz");
    params.push(data.updatedSince);
  }
  if (data.cursor) {
    const c = decodeCursor(data.cursor);
    where.push("(c.updated_at, c.id) > (?::timestamptz, ?::uuid)");
    params.push(c.at, c.id);
  }
  const rows = await sqlRows<Row>(
    ctx.em,
    `select c.id, c.case_no, i.code as item_code, i.name as item_name, c.status, c.applicant_type,
            c.submitted_at, to_char(c.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as updated_at,
            c.promised_deadline::text as promised_deadline, c.version
     from case_file c join service_item i on i.id = c.item_id
     where ${where.join(" and ")}
     order by c.updated_at, c.id
     limit ?`,
    [...params, data.limit + 1],
  );
  const more = rows.length > data.limit;
  const page = rows.slice(0, data.limit);
  const last = page.at(-1);
  return {
    rows: page.map((r) => ({
      id: r.id,
      caseNo: r.case_no,
      itemCode: r.item_code,
      itemName: r.item_name,
      status: r.status,
      applicantType: r.applicant_type,
      submittedAt: new Date(r.submitted_at).toISOString(),
      updatedAt: r.updated_at,
      promisedDeadline: r.promised_deadline,
      version: r.version,
    })),
    nextCursor: more && last ? Buffer.from(`${last.updated_at}|${last.id}`).toString("base64url") : null,
  };
}

/** The id of a case of the caller's department by its number; NOT_FOUND for another department's. */
export async function findDepartmentCaseId(ctx: Ctx, caseNo: string): Promise<string> {
  const staff = requireStaff(ctx);
  const [row] = await sqlRows<{ id: string }>(
    ctx.em,
    "select id from case_file where case_no = ? and department_id = ?",
    [caseNo, staff.departmentId],
  );
  if (!row) throw new DomainError("NOT_FOUND", "未找到该办件");
  return row.id;
}
