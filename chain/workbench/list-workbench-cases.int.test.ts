import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../registry/index.ts";
import { makeDepartment } from "../../registry/testing/factories.ts";
import { closeTestOrm, testCtx } from "../../registry/testing/test-env.ts";
import { listMyCasesWithClocks } from "./case-clocks.ts";
import { listWorkbenchCases, workbenchQueueCounts } from "./list-workbench-cases.ts";
import { at, drive, loadCalendar, makeDraft, makeWorld, submit, type World } from "./testing/world.ts";
import type { WorkbenchQueue } from "./workbench.schema.ts";

// Listing on Tue 2026-03-10; March 2026 has no holidays, so working days are plain weekdays.
const NOW = at("2026-03-10");
const SUBMITTED = new Date("2026-03-02T01:00:00Z");

beforeAll(loadCalendar);
afterAll(closeTestOrm);

async function list(actor: Actor, queue: WorkbenchQueue, page = 1, pageSize = 20) {
  return listWorkbenchCases(await testCtx(actor, NOW), { queue, page, pageSize });
}
const ids = async (actor: Actor, queue: WorkbenchQueue) => (await list(actor, queue)).rows.map((r) => r.id);

/** One case in each state the queues tell apart. */
async function casesInEveryState(w: World) {
  const review = (reason: string) => ({ type: "review" as const, pass: false as const, reason });
  const draft = await submit(w, SUBMITTED);
  await makeDraft(draft);
  const submitted = await submit(w, SUBMITTED, "person");
  const supplement = await submit(w, SUBMITTED);
  await drive(supplement, at("2026-03-03"), [
    [w.clerk, { type: "requestSupplement", items: [{ code: "application_form", problem: "缺少签字" }] }],
  ]);
  // Accepted Mon 03-02: six working days used of five by 03-10 → red.
  const overdue = await submit(w, SUBMITTED);
  await drive(overdue, at("2026-03-02"), [[w.clerk, { type: "accept" }]]);
  // Accepted Wed 03-04: four used, one left (0.8 ≥ 2/3) → yellow.
  const dueSoon = await submit(w, SUBMITTED);
  await drive(dueSoon, at("2026-03-04"), [[w.clerk, { type: "accept" }]]);
  const fresh = await submit(w, SUBMITTED);
  await drive(fresh, NOW, [[w.clerk, { type: "accept" }]]);
  const special = await submit(w, SUBMITTED);
  await drive(special, NOW, [
    [w.clerk, { type: "accept" }],
    [w.reviewer, { type: "startSpecialProcedure", kind: "expert_review", reason: "需专家评审" }],
  ]);
  const decided = await submit(w, SUBMITTED);
  await drive(decided, NOW, [
    [w.clerk, { type: "accept" }],
    [w.reviewer, { type: "review", pass: true, opinion: "符合条件" }],
    [w.approver, { type: "decide", approve: true, reasons: "准予许可" }],
  ]);
  // Returned from 决定 to 审查 twice: the loop guard asks the approver to arbitrate.
  const arbitration = await submit(w, SUBMITTED);
  await drive(arbitration, NOW, [
    [w.clerk, { type: "accept" }],
    [w.reviewer, { type: "review", pass: true }],
    [w.approver, review("材料需重新审查")],
    [w.reviewer, { type: "review", pass: true }],
    [w.approver, review("仍需重新审查")],
  ]);
  return { draft, submitted, supplement, overdue, dueSoon, fresh, special, decided, arbitration };
}

describe("workbench queues", () => {
  it("puts every case in its queues, most urgent first, with the clock on each row", async () => {
    const w = await makeWorld();
    const c = await casesInEveryState(w);

    expect(await ids(w.clerk, "toReceive")).toEqual([c.draft]);
    expect(await ids(w.clerk, "toAccept")).toEqual([c.submitted]);
    expect(await ids(w.clerk, "supplement")).toEqual([c.supplement]);
    expect(await ids(w.clerk, "dueSoon")).toEqual([c.dueSoon]);
    expect(await ids(w.clerk, "overdue")).toEqual([c.overdue]);
    // The reviewer's tasks: the cases at 审查, overdue first, then due soon, then by submission.
    const reviewerTasks = await ids(w.reviewer, "myTasks");
    expect(reviewerTasks.slice(0, 2)).toEqual([c.overdue, c.dueSoon]);
    expect(new Set(reviewerTasks.slice(2))).toEqual(new Set([c.fresh, c.special]));
    // A decided case waits for the conclude step's role (clerk); arbitration for the approver only.
    expect(await ids(w.clerk, "myTasks")).toEqual([c.decided]);
    expect(await ids(w.approver, "myTasks")).toEqual([]);
    expect(await ids(w.approver, "arbitration")).toEqual([c.arbitration]);

    const rows = (await list(w.reviewer, "myTasks")).rows;
    const overdue = rows.find((r) => r.id === c.overdue)!;
    expect(overdue).toMatchObject({
      itemCode: w.item.code,
      itemName: "测试许可事项",
      applicantName: w.ent.name,
      status: "in_review",
      currentStepName: "审查",
      promisedDeadline: "2026-03-09",
      remainingWorkingDays: -1,
      level: "red",
      paused: false,
    });
    expect(overdue.caseNo).toMatch(/^\S+$/);
    expect(rows.find((r) => r.id === c.dueSoon)).toMatchObject({ remainingWorkingDays: 1, level: "yellow" });
    expect(rows.find((r) => r.id === c.special)).toMatchObject({
      status: "special_procedure",
      paused: true,
      remainingWorkingDays: 5,
    });
    // An individual's name is masked the Chinese way.
    expect((await list(w.clerk, "toAccept")).rows[0]).toMatchObject({ applicantName: "张**" });
    expect((await list(w.clerk, "toAccept")).rows[0]!.remainingWorkingDays).toBeNull();
  });

  it("counts what the lists show, hides 待仲裁 from non-approvers and picks the default queue by role", async () => {
    const w = await makeWorld();
    const c = await casesInEveryState(w);
    const clerkMenu = await workbenchQueueCounts(await testCtx(w.clerk, NOW));
    expect(clerkMenu.departmentName).toBe(w.dept.name);
    expect(clerkMenu.queues).not.toContain("arbitration");
    expect(clerkMenu.counts).toEqual({
      toReceive: 1,
      toAccept: 1,
      supplement: 1,
      dueSoon: 1,
      overdue: 1,
      myTasks: 1,
    });
    expect(clerkMenu.defaultQueue).toBe("toAccept");
    const approverMenu = await workbenchQueueCounts(await testCtx(w.approver, NOW));
    expect(approverMenu.counts.arbitration).toBe(1);
    expect(approverMenu.defaultQueue).toBe("myTasks");
    expect((await workbenchQueueCounts(await testCtx(w.reviewer, NOW))).counts.myTasks).toBe(4);
    await expect(list(w.clerk, "arbitration")).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(c.arbitration).toBeTruthy();
  });

  it("pages a queue", async () => {
    const w = await makeWorld();
    const a = await submit(w, new Date("2026-03-02T01:00:00Z"));
    const b = await submit(w, new Date("2026-03-02T02:00:00Z"));
    const c = await submit(w, new Date("2026-03-02T03:00:00Z"));
    const p1 = await list(w.clerk, "toAccept", 1, 2);
    expect(p1).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(p1.rows.map((r) => r.id)).toEqual([a, b]);
    expect((await list(w.clerk, "toAccept", 2, 2)).rows.map((r) => r.id)).toEqual([c]);
  });

  it("shows staff of another department none of the cases, and refuses applicants and bad input", async () => {
    const w = await makeWorld();
    await casesInEveryState(w);
    const other = await makeDepartment();
    const stranger = await w.staff(["clerk", "reviewer", "approver"], other.id);
    const menu = await workbenchQueueCounts(await testCtx(stranger, NOW));
    expect(Object.values(menu.counts).every((n) => n === 0)).toBe(true);
    expect((await list(stranger, "toAccept")).total).toBe(0);

    for (const applicant of [w.entApplicant, w.personApplicant]) {
      await expect(list(applicant, "toAccept")).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(workbenchQueueCounts(await testCtx(applicant, NOW))).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    await expect(
      listWorkbenchCases(await testCtx(w.clerk, NOW), { queue: "everything" as WorkbenchQueue }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      listWorkbenchCases(await testCtx(w.clerk, NOW), { queue: "toAccept", page: 0 }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
  });
});

describe("listMyCasesWithClocks", () => {
  it("gives the applicant's own cases their remaining working days, and no days before acceptance", async () => {
    const w = await makeWorld();
    const waiting = await submit(w, SUBMITTED);
    const dueSoon = await submit(w, SUBMITTED);
    await drive(dueSoon, at("2026-03-04"), [[w.clerk, { type: "accept" }]]);
    const mine = await listMyCasesWithClocks(await testCtx(w.entApplicant, NOW));
    const byId = new Map(mine.cases.map((c) => [c.id, c]));
    expect(mine.total).toBe(2);
    expect(byId.get(dueSoon)).toMatchObject({ remainingWorkingDays: 1, level: "yellow", paused: false });
    expect(byId.get(waiting)).toMatchObject({ remainingWorkingDays: null, level: "none", paused: false });
    expect((await listMyCasesWithClocks(await testCtx(w.personApplicant, NOW))).total).toBe(0);
  });
});
