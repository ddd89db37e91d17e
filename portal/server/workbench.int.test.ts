import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { performCaseAction } from "../../chain/index.ts";
import { fixedClock } from "../../platform/index.ts";
import { submitCase } from "../../registry/index.ts";
import {
  itemDefinition,
  makeDepartment,
  makeEnterprise,
  makePerson,
  makeServiceItem,
  personActor,
} from "../../registry/testing/factories.ts";
import { testCtx } from "../../registry/testing/test-env.ts";
import type { Runtime } from "./runtime.ts";
import { type PortalHarness, startPortal } from "./testing/portal-harness.ts";

// A Tuesday the bundled calendar covers, with room for the deadlines: the pages see this "now", not the real date.
const NOW = new Date("2026-03-03T02:00:00Z");
let h: PortalHarness;
let rt: Runtime;

beforeAll(async () => {
  h = await startPortal("workbench");
  rt = h.rt;
  rt.clock = fixedClock(NOW);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const signIn = (personId: string, name: string, staffPosts: { department: string; roles: string[] }[]) =>
  h.signIn(personId, name, { staffPosts });

const get = (pathname: string, cookie?: string) => h.get(pathname, cookie);
const post: PortalHarness["post"] = (pathname, cookie, body) => h.post(pathname, cookie, body);

async function caseRow(caseId: string) {
  const rows = await rt.orm.em
    .fork()
    .getConnection()
    .execute<{ status: string; version: number; case_no: string }[]>(
      "select status, version, case_no from case_file where id = ?",
      [caseId],
      "all",
    );
  return rows[0]!;
}

/** A department with a clerk, a short item and a case submitted on NOW. */
async function world() {
  const dept = await makeDepartment();
  const item = await makeServiceItem(dept.code, {
    name: "工作台测试许可",
    statutoryDays: 5,
    promisedDays: 3,
    materials: itemDefinition(dept.code).materials.map((m) => ({ ...m, required: false })),
  });
  const rep = await makePerson({ name: "赵企业" });
  const ent = await makeEnterprise({ legalRepPersonId: rep.id });
  const applicant = personActor(rep.id, { actingFor: { enterpriseId: ent.id, role: "legal_rep" } });
  const c = await submitCase(await testCtx(applicant, NOW), {
    itemCode: item.code,
    applicant: { type: "enterprise", enterpriseId: ent.id },
    formData: { applicantName: "云港测试有限公司", contactPhone: "13912345678" },
  });
  const clerk = await makePerson({ name: "周窗口" });
  const cookie = await signIn(clerk.id, "周窗口", [{ department: dept.code, roles: ["clerk"] }]);
  return { dept, ent, caseId: c.id, caseNo: c.caseNo, cookie };
}

describe("workbench pages", () => {
  it("lists 告知承诺 verification tasks and closes one with its finding; a bad form writes nothing", async () => {
    const w = await world();
    const approver = await makePerson({ name: "韩审批" });
    const approverActor = personActor(approver.id, {
      name: "韩审批",
      staff: { departmentId: w.dept.id, roles: ["approver"] },
    });
    await performCaseAction(await testCtx(approverActor, NOW), {
      caseId: w.caseId,
      expectedVersion: (await caseRow(w.caseId)).version,
      action: {
        type: "commitmentApproval",
        commitmentText: "申请人承诺具备经营场所条件",
        verifyBy: "2026-04-30",
      },
    });
    const cookie = await signIn(approver.id, "韩审批", [{ department: w.dept.code, roles: ["approver"] }]);
    const page = await get("/workbench/verifications", cookie);
    expect(page.res.status).toBe(200);
    for (const text of ["告知承诺核查任务", w.caseNo, "申请人承诺具备经营场所条件", "2026-04-30", "待核查"]) {
      expect(page.html).toContain(text);
    }
    const taskRow = async () =>
      (
        await rt.orm.em
          .fork()
          .getConnection()
          .execute<{ id: string; status: string; finding: string | null }[]>(
            "select id, status, finding from verification_task where case_id = ?",
            [w.caseId],
            "all",
          )
      )[0]!;
    const task = await taskRow();
    const bad = await post("/workbench/verifications", cookie, {
      taskId: task.id,
      passed: "true",
      finding: "x",
    });
    expect(bad.res.status).toBe(400);
    expect(bad.html).toContain("请填写核查情况（至少 2 个字）");
    expect(await taskRow()).toEqual(task);

    const done = await post("/workbench/verifications", cookie, {
      taskId: task.id,
      passed: "true",
      finding: "现场核查，经营场所与承诺一致",
    });
    expect(done.res.status).toBe(302);
    expect(await taskRow()).toMatchObject({ status: "passed", finding: "现场核查，经营场所与承诺一致" });
    // The clerk of the case's department (no reviewer or approver role) may look but not close.
    const clerkView = await get("/workbench/verifications?status=passed", w.cookie);
    expect(clerkView.html).toContain(w.caseNo);
  });

  it("lets a clerk open the queue and the case, accept it, and explains a stale version", async () => {
    const w = await world();
    const list = await get("/workbench", w.cookie);
    expect(list.res.status).toBe(200);
    for (const text of ["工作台", "待受理", "我的待办", w.caseNo, w.ent.name, "工作台测试许可"]) {
      expect(list.html).toContain(text);
    }
    expect(list.html).not.toContain("待仲裁");

    const page = await get(`/workbench/cases/${w.caseId}`, w.cookie);
    expect(page.res.status).toBe(200);
    for (const text of [w.caseNo, "基本信息", "申请人", "表单信息", "办件过程", "调取申请人历史证照"]) {
      expect(page.html).toContain(text);
    }
    expect(page.html).toContain('name="intent" value="accept"');
    expect(page.html).not.toContain("13912345678");

    const before = await caseRow(w.caseId);
    const accepted = await post(`/workbench/cases/${w.caseId}`, w.cookie, {
      intent: "accept",
      version: String(before.version),
    });
    expect(accepted.res.status).toBe(302);
    expect(accepted.res.headers.get("location")).toBe(`/workbench/cases/${w.caseId}?done=accept`);
    const after = await caseRow(w.caseId);
    expect(after.status).toBe("in_review");
    const reloaded = await get(`/workbench/cases/${w.caseId}?done=accept`, w.cookie);
    expect(reloaded.html).toContain("已完成：受理");
    expect(reloaded.html).toContain("审查中");

    // The page that was open before the accept still posts the old version: refused, nothing written.
    const stale = await post(`/workbench/cases/${w.caseId}`, w.cookie, {
      intent: "return",
      version: String(before.version),
      reason: "申请材料与事项不符",
    });
    expect(stale.res.status).toBe(409);
    expect(stale.html).toContain("数据已被他人修改，请刷新后重试");
    expect(await caseRow(w.caseId)).toEqual(after);

    const invalid = await post(`/workbench/cases/${w.caseId}`, w.cookie, {
      intent: "return",
      version: String(after.version),
      reason: "x",
    });
    expect(invalid.res.status).toBe(400);
    expect(invalid.html).toContain("请填写理由（至少 2 个字）");
    expect(await caseRow(w.caseId)).toEqual(after);
  });

  it("sends one supplement notice listing several materials", async () => {
    const w = await world();
    const page = await get(`/workbench/cases/${w.caseId}`, w.cookie);
    expect(page.html).toMatch(
      /name="codes"[^>]*value="application_form"|value="application_form"[^>]*name="codes"/,
    );
    const { version } = await caseRow(w.caseId);
    const res = await post(`/workbench/cases/${w.caseId}`, w.cookie, [
      ["intent", "requestSupplement"],
      ["version", String(version)],
      ["codes", "application_form"],
      ["problem.application_form", "申请书缺少法定代表人签字"],
      ["codes", "licence_copy"],
      ["problem.licence_copy", "营业执照复印件不清晰"],
    ]);
    expect(res.res.status).toBe(302);
    const [flow] = await rt.orm.em
      .fork()
      .getConnection()
      .execute<{ notices: { items: { code: string; problem: string }[] }[] }[]>(
        "select flow->'supplementNotices' as notices from case_file where id = ?",
        [w.caseId],
        "all",
      );
    expect(flow!.notices).toHaveLength(1);
    expect(flow!.notices[0]!.items).toEqual([
      { code: "application_form", problem: "申请书缺少法定代表人签字" },
      { code: "licence_copy", problem: "营业执照复印件不清晰" },
    ]);
    expect((await caseRow(w.caseId)).status).toBe("supplement_requested");
  });

  it("asks for a purpose before pulling prior results", async () => {
    const w = await world();
    const res = await post(`/workbench/cases/${w.caseId}`, w.cookie, { intent: "pullResults", purpose: "" });
    expect(res.res.status).toBe(400);
    expect(res.html).toContain("请填写调取用途");
    const ok = await post(`/workbench/cases/${w.caseId}`, w.cookie, {
      intent: "pullResults",
      purpose: "核验申请人证照",
    });
    expect(ok.res.status).toBe(200);
    expect(ok.html).toContain("申请人暂无有效证照");
  });

  it("refuses non-staff with 403, hides other departments' cases, and sends anonymous users to sign-in", async () => {
    const w = await world();
    const citizen = await makePerson({ name: "钱市民" });
    const citizenCookie = await signIn(citizen.id, "钱市民", []);
    const refused = await get("/workbench", citizenCookie);
    expect(refused.res.status).toBe(403);
    expect(refused.html).toContain("工作台仅供部门工作人员使用");
    expect((await get(`/workbench/cases/${w.caseId}`, citizenCookie)).res.status).toBe(403);
    const home = await get("/", citizenCookie);
    expect(home.html).not.toContain('href="/workbench"');
    expect((await get("/", w.cookie)).html).toContain('href="/workbench"');

    const other = await makeDepartment();
    const stranger = await makePerson({ name: "孙他部" });
    const strangerCookie = await signIn(stranger.id, "孙他部", [
      { department: other.code, roles: ["clerk"] },
    ]);
    const hidden = await get(`/workbench/cases/${w.caseId}`, strangerCookie);
    expect(hidden.res.status).toBe(404);
    expect((await get("/workbench?queue=toAccept", strangerCookie)).html).not.toContain(w.caseNo);

    const anonymous = await get("/workbench");
    expect(anonymous.res.status).toBe(302);
    expect(anonymous.res.headers.get("location")).toBe("/auth/login?returnTo=%2Fworkbench");
  });
});
