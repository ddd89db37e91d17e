import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { performCaseAction } from "../../chain/index.ts";
import { resolveVerificationTask, storeMaterial, submitCase } from "../../registry/index.ts";
import {
  itemDefinition,
  makeDepartment,
  makePerson,
  makeServiceItem,
  personActor,
} from "../../registry/testing/factories.ts";
import { testCtx } from "../../registry/testing/test-env.ts";
import type { Runtime } from "./runtime.ts";
import { type PortalHarness, startPortal } from "./testing/portal-harness.ts";

let h: PortalHarness;
let rt: Runtime;

beforeAll(async () => {
  h = await startPortal("space-case");
  rt = h.rt;
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const signIn = (personId: string, name: string) => h.signIn(personId, name);

const get = (pathname: string, cookie?: string) => h.get(pathname, cookie);
const post: PortalHarness["post"] = (pathname, cookie, body) => h.post(pathname, cookie, body);

/** What an action may change: the case row and its event chain. */
async function caseState(caseId: string) {
  const [row] = await rt.orm.em
    .fork()
    .getConnection()
    .execute<{ status: string; version: number; events: number }[]>(
      `select status, version, (select count(*)::int from case_event e where e.case_id = c.id) as events
       from case_file c where c.id = ?`,
      [caseId],
      "all",
    );
  return row!;
}

/** An individual's case of a short item, with a supplement notice from the department's clerk. */
async function world() {
  const dept = await makeDepartment();
  const item = await makeServiceItem(dept.code, {
    name: "空间办件测试许可",
    statutoryDays: 5,
    promisedDays: 3,
    materials: itemDefinition(dept.code).materials.map((m) => ({ ...m, required: false })),
  });
  const applicant = await makePerson({ name: "李申请" });
  const c = await submitCase(await testCtx(personActor(applicant.id, { name: "李申请" })), {
    itemCode: item.code,
    applicant: { type: "person" },
    formData: { applicantName: "李申请", contactPhone: "13912345678" },
  });
  const clerk = await makePerson({ name: "周窗口" });
  const staff = personActor(clerk.id, { name: "周窗口", staff: { departmentId: dept.id, roles: ["clerk"] } });
  await performCaseAction(await testCtx(staff), {
    caseId: c.id,
    expectedVersion: (await caseState(c.id)).version,
    action: {
      type: "requestSupplement",
      items: [
        { code: "application_form", problem: "申请书缺少本人签字" },
        { code: "licence_copy", problem: "复印件不清晰" },
      ],
    },
  });
  return {
    caseId: c.id,
    caseNo: c.caseNo,
    applicantId: applicant.id,
    cookie: await signIn(applicant.id, "李申请"),
  };
}

const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj\n<< /Title (form) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
);

/** A material stored in a person's library through the real use case. */
async function stored(personId: string, title: string, requirementCode: string) {
  const ctx = { ...(await testCtx(personActor(personId))), storage: rt.storage };
  return storeMaterial(
    ctx,
    { owner: { type: "person", personId }, title, filename: "form.pdf", requirementCode },
    PDF,
  );
}

describe("the applicant's case page", () => {
  it("shows the open notice, takes the answer, and the case goes back to the department", async () => {
    const w = await world();
    const space = await get("/space", w.cookie);
    expect(space.html).toContain(`href="/space/cases/${w.caseId}"`);

    const page = await get(`/space/cases/${w.caseId}`, w.cookie);
    expect(page.res.status).toBe(200);
    for (const text of [
      w.caseNo,
      "空间办件测试许可",
      "待补正",
      "请补正材料",
      "申请书缺少本人签字",
      "复印件不清晰",
      "办理进度",
      "补正告知",
      "提交申请",
      "撤回申请",
    ]) {
      expect(page.html).toContain(text);
    }
    expect(page.html).toContain('name="intent" value="supplement"');
    expect(page.html).toMatch(/name="codes"[^>]*value="licence_copy"|value="licence_copy"[^>]*name="codes"/);

    const before = await caseState(w.caseId);
    const res = await post(`/space/cases/${w.caseId}`, w.cookie, [
      ["intent", "supplement"],
      ["version", String(before.version)],
      ["codes", "application_form"],
      ["codes", "licence_copy"],
    ]);
    expect(res.res.status).toBe(302);
    expect(res.res.headers.get("location")).toBe(`/space/cases/${w.caseId}?done=supplement`);
    const after = await caseState(w.caseId);
    expect(after.status).toBe("submitted");
    expect(after.events).toBe(before.events + 1);

    const reloaded = await get(`/space/cases/${w.caseId}?done=supplement`, w.cookie);
    expect(reloaded.html).toContain("补正材料已提交，办件将继续办理。");
    expect(reloaded.html).toContain("已申报");
    expect(reloaded.html).toContain("补交：申请书、营业执照复印件");
    expect(reloaded.html).not.toContain('name="intent" value="supplement"');

    // Answering again (a stale page): the old version is refused and nothing is written.
    const again = await post(`/space/cases/${w.caseId}`, w.cookie, [
      ["intent", "supplement"],
      ["version", String(before.version)],
      ["codes", "application_form"],
    ]);
    expect(again.res.status).toBe(409);
    expect(again.html).toContain("数据已被他人修改，请刷新后重试");
    expect(await caseState(w.caseId)).toEqual(after);
  });

  it("answers with a stored material from the library, and refuses someone else's", async () => {
    const w = await world();
    const mine = await stored(w.applicantId, "签字版申请书", "application_form");
    const other = await makePerson({ name: "别人" });
    const theirs = await stored(other.id, "别人的申请书", "application_form");
    const page = await get(`/space/cases/${w.caseId}`, w.cookie);
    expect(page.html).toContain('name="material.application_form"');
    expect(page.html).toContain("签字版申请书");
    expect(page.html).not.toContain("别人的申请书");

    const before = await caseState(w.caseId);
    const refused = await post(`/space/cases/${w.caseId}`, w.cookie, [
      ["intent", "supplement"],
      ["version", String(before.version)],
      ["codes", "application_form"],
      ["material.application_form", theirs.id],
    ]);
    expect(refused.res.status).toBe(400);
    expect(refused.html).toContain("所选材料不在申请人的材料库中");
    expect(await caseState(w.caseId)).toEqual(before);

    const ok = await post(`/space/cases/${w.caseId}`, w.cookie, [
      ["intent", "supplement"],
      ["version", String(before.version)],
      ["codes", "application_form"],
      ["material.application_form", mine.id],
    ]);
    expect(ok.res.status).toBe(302);
    const linked = await rt.orm.em
      .fork()
      .getConnection()
      .execute("select material_id from case_material where case_id = ? and requirement_code = ?", [
        w.caseId,
        "application_form",
      ]);
    expect(linked).toEqual([{ material_id: mine.id }]);
  });

  it("explains a bad form in Chinese and writes nothing", async () => {
    const w = await world();
    const before = await caseState(w.caseId);
    const notListed = await post(`/space/cases/${w.caseId}`, w.cookie, [
      ["intent", "supplement"],
      ["version", String(before.version)],
      ["codes", "power_of_attorney"],
    ]);
    expect(notListed.res.status).toBe(400);
    expect(notListed.html).toContain("只能补交补正告知所列的材料");
    expect(notListed.html).toContain("power_of_attorney");

    const none = await post(`/space/cases/${w.caseId}`, w.cookie, [
      ["intent", "supplement"],
      ["version", String(before.version)],
    ]);
    expect(none.res.status).toBe(400);
    expect(none.html).toContain("请至少勾选一项已补正的材料");

    const unknown = await post(`/space/cases/${w.caseId}`, w.cookie, [
      ["intent", "conclude"],
      ["version", String(before.version)],
    ]);
    expect(unknown.res.status).toBe(400);
    expect(unknown.html).toContain("请求无效，请刷新页面后重试");

    const noVersion = await post(`/space/cases/${w.caseId}`, w.cookie, [
      ["intent", "withdraw"],
      ["version", ""],
    ]);
    expect(noVersion.res.status).toBe(400);
    expect(noVersion.html).toContain("缺少办件版本号，请刷新后重试");
    expect(await caseState(w.caseId)).toEqual(before);

    // Withdrawing (allowed before acceptance) works from the same page.
    const withdrawn = await post(`/space/cases/${w.caseId}`, w.cookie, [
      ["intent", "withdraw"],
      ["version", String(before.version)],
      ["reason", "不再需要办理"],
    ]);
    expect(withdrawn.res.status).toBe(302);
    expect((await caseState(w.caseId)).status).toBe("withdrawn");
    const page = await get(`/space/cases/${w.caseId}?done=withdraw`, w.cookie);
    expect(page.html).toContain("申请已撤回。");
    expect(page.html).toContain("理由：不再需要办理");
  });

  it("is not found for anyone else, and sends anonymous visitors to sign-in", async () => {
    const w = await world();
    const before = await caseState(w.caseId);
    const other = await makePerson({ name: "王旁人" });
    const otherCookie = await signIn(other.id, "王旁人");
    const hidden = await get(`/space/cases/${w.caseId}`, otherCookie);
    expect(hidden.res.status).toBe(404);
    expect(hidden.html).toContain("未找到该办件");
    expect(hidden.html).not.toContain(w.caseNo);
    const refused = await post(`/space/cases/${w.caseId}`, otherCookie, [
      ["intent", "supplement"],
      ["version", String(before.version)],
      ["codes", "application_form"],
    ]);
    expect(refused.res.status).toBe(404);
    expect(await caseState(w.caseId)).toEqual(before);

    expect((await get("/space/cases/not-a-case", w.cookie)).res.status).toBe(404);
    const anonymous = await get(`/space/cases/${w.caseId}`);
    expect(anonymous.res.status).toBe(302);
    expect(anonymous.res.headers.get("location")).toBe(
      `/auth/login?returnTo=${encodeURIComponent(`/space/cases/${w.caseId}`)}`,
    );
  });
});

describe("the receipt page", () => {
  it("highlights the space in the top navigation, not the home page", async () => {
    const w = await world();
    const r = await get(`/space/cases/${w.caseId}/receipt`, w.cookie);
    expect(r.res.status).toBe(200);
    expect(r.html).toContain(w.caseNo);
    const nav = r.html.slice(r.html.indexOf('class="tb-nav"'));
    const selected = [...nav.matchAll(/<li[^>]*ant-menu-item-selected[^>]*>.*?<\/li>/g)].map((m) => m[0]);
    expect(selected.length).toBeGreaterThan(0);
    expect(selected[0]).toContain('href="/space"');
    expect(selected[0]).not.toContain('href="/"');
  });
});

describe("告知承诺 on the applicant's side", () => {
  it("shows the commitment with its verification status and due date on the case page and the overview", async () => {
    const dept = await makeDepartment();
    const item = await makeServiceItem(dept.code, {
      name: "承诺制测试许可",
      materials: itemDefinition(dept.code).materials.map((m) => ({ ...m, required: false })),
    });
    const applicant = await makePerson({ name: "陶承诺" });
    const c = await submitCase(await testCtx(personActor(applicant.id, { name: "陶承诺" })), {
      itemCode: item.code,
      applicant: { type: "person" },
      formData: { applicantName: "陶承诺", contactPhone: "13912345678" },
    });
    const approver = await makePerson({ name: "韩审批" });
    const staff = personActor(approver.id, {
      name: "韩审批",
      staff: { departmentId: dept.id, roles: ["approver"] },
    });
    const verifyBy = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    await performCaseAction(await testCtx(staff), {
      caseId: c.id,
      expectedVersion: (await caseState(c.id)).version,
      action: {
        type: "commitmentApproval",
        commitmentText: "申请人承诺三个月内取得消防验收合格意见",
        verifyBy,
      },
    });
    const cookie = await signIn(applicant.id, "陶承诺");
    const page = await get(`/space/cases/${c.id}`, cookie);
    expect(page.res.status).toBe(200);
    for (const text of ["告知承诺", "申请人承诺三个月内取得消防验收合格意见", "待核查", "核查期限", verifyBy])
      expect(page.html).toContain(text);
    const overview = await get("/space", cookie);
    expect(overview.html).toContain(`告知承诺，${verifyBy} 前核查`);
    expect(overview.html).toContain(`href="/space/cases/${c.id}"`);

    // Someone else sees neither the case nor its commitment.
    const other = await makePerson({ name: "王旁人" });
    const otherCookie = await signIn(other.id, "王旁人");
    expect((await get(`/space/cases/${c.id}`, otherCookie)).res.status).toBe(404);
    expect((await get("/space", otherCookie)).html).not.toContain("申请人承诺三个月内");

    // Verified by the department: the page says so, and the case no longer waits for the applicant.
    const [task] = await rt.orm.em
      .fork()
      .getConnection()
      .execute<{ id: string }[]>("select id from verification_task where case_id = ?", [c.id], "all");
    await resolveVerificationTask(await testCtx(staff), {
      taskId: task!.id,
      passed: true,
      finding: "现场核查，承诺属实",
    });
    const verified = await get(`/space/cases/${c.id}`, cookie);
    expect(verified.html).toContain("核查属实");
    expect(verified.html).toContain("现场核查，承诺属实");
    expect((await get("/space", cookie)).html).not.toContain("前核查");
  });
});
