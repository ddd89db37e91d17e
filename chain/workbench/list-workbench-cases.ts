import { DomainError, maskName, parseInput } from "../../platform/index.ts";
import type { Ctx } from "../../registry/index.ts";
import { byUrgency, inQueue, loadOpenCases, mayOpenQueue, type OpenCase } from "./queues.ts";
import { requireStaff, type StaffActor } from "./staff.ts";
import {
  type TListWorkbenchCasesInput,
  WORKBENCH_QUEUES,
  type WorkbenchCaseList,
  type WorkbenchCaseRow,
  type WorkbenchMenu,
  type WorkbenchQueue,
  ZListWorkbenchCasesInput,
} from "./workbench.schema.ts";

/**
 * One page of a workbench queue: the open cases of the actor's department in that queue, most urgent
 * first. Staff only (FORBIDDEN otherwise); 待仲裁 only for approvers.
 */
export async function listWorkbenchCases(
  ctx: Ctx,
  input: TListWorkbenchCasesInput,
): Promise<WorkbenchCaseList> {
  const staff = requireStaff(ctx);
  const data = parseInput(ZListWorkbenchCasesInput, input);
  const { page, pageSize } = data;
  const queue = data.queue ?? defaultQueueOf(staff);
  if (!mayOpenQueue(queue, staff)) throw new DomainError("FORBIDDEN", "仅审批人员可以查看待仲裁办件");
  const members = (await loadOpenCases(ctx, staff)).filter((c) => inQueue(queue, c, staff)).sort(byUrgency);
  const slice = members.slice((page - 1) * pageSize, page * pageSize);
  return { queue, page, pageSize, total: members.length, rows: await displayRows(ctx, slice) };
}

/** The queues the actor sees with their counts (the menu badges), and the queue to open first. */
export async function workbenchQueueCounts(ctx: Ctx): Promise<WorkbenchMenu> {
  const staff = requireStaff(ctx);
  const queues = WORKBENCH_QUEUES.filter((q) => mayOpenQueue(q, staff));
  const open = await loadOpenCases(ctx, staff);
  const counts: Partial<Record<WorkbenchQueue, number>> = {};
  for (const q of queues) counts[q] = open.filter((c) => inQueue(q, c, staff)).length;
  const rows: { name: string }[] = await ctx.em
    .getConnection()
    .execute("select name from department where id = ?", [staff.departmentId], "all");
  return {
    departmentName: rows[0]?.name ?? "",
    roles: staff.roles,
    queues,
    counts,
    defaultQueue: defaultQueueOf(staff),
  };
}

/** Window clerks start at 待受理; review and decision staff at their own tasks. */
export function defaultQueueOf(staff: Pick<StaffActor, "roles">): WorkbenchQueue {
  return staff.roles.includes("clerk") ? "toAccept" : "myTasks";
}

/** The display columns of one page of cases, in the page's order. */
async function displayRows(ctx: Ctx, page: OpenCase[]): Promise<WorkbenchCaseRow[]> {
  if (page.length === 0) return [];
  const rows: {
    id: string;
    case_no: string;
    item_code: string;
    item_name: string;
    applicant_type: "person" | "enterprise";
    person_name: string;
    enterprise_name: string | null;
  }[] = await ctx.em.getConnection().execute(
    `select c.id, c.case_no, i.code as item_code, i.name as item_name, c.applicant_type,
            p.name as person_name, e.name as enterprise_name
     from case_file c
     join service_item i on i.id = c.item_id
     join person p on p.id = c.applicant_person_id
     left join enterprise e on e.id = c.applicant_enterprise_id
     where c.id in (?)`,
    [page.map((c) => c.id)],
    "all",
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return page.flatMap((c) => {
    const r = byId.get(c.id);
    if (!r) return [];
    const step = c.terms.template.steps[c.snap.step];
    return [
      {
        id: c.id,
        caseNo: r.case_no,
        itemCode: r.item_code,
        itemName: r.item_name,
        applicantName:
          r.applicant_type === "enterprise" && r.enterprise_name
            ? r.enterprise_name
            : maskName(r.person_name),
        status: c.snap.status,
        currentStepName: step?.name ?? "",
        submittedAt: c.submittedAt.toISOString(),
        promisedDeadline: c.snap.deadlines.promised,
        ...c.clock,
      },
    ];
  });
}
