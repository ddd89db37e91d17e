import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { performCaseAction } from "../../chain/index.ts";
import { fixedClock } from "../../platform/index.ts";
import { type Actor, publishChain, storeMaterial } from "../../registry/index.ts";
import {
  makeDepartment,
  makePerson,
  makeServiceItem,
  personActor,
  unique,
} from "../../registry/testing/factories.ts";
import { testCtx } from "../../registry/testing/test-env.ts";
import type { Runtime } from "./runtime.ts";
import { type PortalHarness, startPortal } from "./testing/portal-harness.ts";

// A Tuesday the bundled calendar covers: the pages see this "now", not the real date.
const NOW = new Date("2026-03-03T02:00:00Z");
let h: PortalHarness;
let rt: Runtime;

beforeAll(async () => {
  h = await startPortal("chains-http");
  rt = h.rt;
  rt.clock = fixedClock(NOW);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const payload = (formData: Record<string, unknown>, materials: unknown[]) =>
  JSON.stringify({ formData, materials });
const PDF = () => Buffer.from(`%PDF-1.4\n% ${unique()}\n%%EOF\n`, "latin1");
const FORM = { applicantName: "林一件", contactPhone: "13912345678" };

async function sql<T>(q: string, params: unknown[] = []): Promise<T[]> {
  return rt.orm.em.fork().getConnection().execute<T[]>(q, params, "all");
}
const instancesOf = async (personId: string) =>
  (
    await sql<{ n: number }>("select count(*)::int as n from chain_instance where applicant_person_id = ?", [
      personId,
    ])
  )[0]!.n;

/** A person with a stored 申请书. */
async function applicant(name: string) {
  const p = await makePerson({ name });
  const ctx = { ...(await testCtx(personActor(p.id), NOW)), storage: rt.storage };
  const mat = await storeMaterial(
    ctx,
    {
      owner: { type: "person", personId: p.id },
      title: "申请书",
      filename: "a.pdf",
      requirementCode: "application_form",
    },
    PDF(),
  );
  return { p, mat, cookie: await h.signIn(p.id, p.name) };
}

/** Two departments' items in two serial stages, published as a chain of this test's own. */
async function world() {
  const first = await makeDepartment();
  const second = await makeDepartment();
  const item1 = await makeServiceItem(first.code, { name: "一件事测试登记" });
  const item2 = await makeServiceItem(second.code, { name: "一件事测试备案" });
  const code = `YJS-T${unique()}`;
  await publishChain(await testCtx(), {
    code,
    name: "测试开办一件事",
    summary: "一次申请、一套材料，两个部门先后办理。",
    subjectTypes: ["person", "enterprise"],
    promiseDays: null,
    stages: [
      { key: "first", name: "测试登记", items: [item1.code], after: [] },
      { key: "second", name: "测试备案", items: [item2.code], after: ["first"] },
    ],
  });
  const a = await applicant("林一件");
  return { first, second, item1, item2, code, ...a };
}

/** Files the world's chain through the page; returns the instance id and its first case. */
async function filed(w: Awaited<ReturnType<typeof world>>) {
  const r = await h.post(
    `/chains/${w.code}/apply`,
    w.cookie,
    form({
      intent: "submit",
      payload: payload(FORM, [{ requirementCode: "application_form", materialId: w.mat.id }]),
    }),
  );
  expect(r.res.status).toBe(302);
  const location = r.res.headers.get("location")!;
  expect(location).toMatch(/^\/space\/chains\/[0-9a-f-]{36}\?filed=1$/);
  const instanceId = location.slice("/space/chains/".length, -"?filed=1".length);
  const [c] = await sql<{ id: string; case_no: string }>(
    "select id, case_no from case_file where chain_instance_id = ?",
    [instanceId],
  );
  return { instanceId, caseId: c!.id, caseNo: c!.case_no };
}

/** Staff of a department, holding every handling role. */
async function staffOf(dept: { id: string; code: string }) {
  const s = await makePerson({ name: "钱审批" });
  const actor: Actor = personActor(s.id, {
    name: "钱审批",
    staff: { departmentId: dept.id, roles: ["clerk", "reviewer", "approver"] },
  });
  const cookie = await h.signIn(s.id, "钱审批", {
    staffPosts: [{ department: dept.code, roles: ["clerk", "reviewer", "approver"] }],
  });
  return { actor, cookie };
}

/** Accept, review and decide the case (denied unless `approve`), then conclude, as its department would. */
async function decide(actor: Actor, caseId: string, approve: boolean) {
  let version = (await sql<{ version: number }>("select version from case_file where id = ?", [caseId]))[0]!
    .version;
  for (const action of [
    { type: "accept" },
    { type: "review", pass: true, opinion: "材料齐全" },
    {
      type: "decide",
      approve,
      reasons: approve ? "符合法定条件，准予许可" : "申请书内容与实际不符，不予许可",
    },
    { type: "conclude" },
  ]) {
    const out = await performCaseAction(await testCtx(actor, NOW), {
      caseId,
      action: action as never,
      expectedVersion: version,
    });
    version = out.version;
  }
}

describe("/chains", () => {
  it("lists the chain, shows its guide, and answers unknown codes with 404", async () => {
    const w = await world();
    const list = await h.get("/chains");
    expect(list.res.status).toBe(200);
    expect(list.html).toContain("测试开办一件事");
    expect((await h.get("/")).html).toContain("一件事一次办");
    const guide = await h.get(`/chains/${w.code}`);
    expect(guide.res.status).toBe(200);
    for (const text of [
      "测试开办一件事",
      "一件事测试登记",
      "一件事测试备案",
      w.first.name,
      w.second.name,
      "申请书",
    ])
      expect(guide.html).toContain(text);
    expect(guide.html).toContain(`href="/chains/${w.code}/apply"`);
    expect((await h.get("/chains/YJS-NOPE-404")).res.status).toBe(404);
    expect((await h.get("/chains/not a code")).res.status).toBe(404);
  });
});

describe("/chains/:code/apply", () => {
  it("sends anonymous visitors to sign-in", async () => {
    const w = await world();
    const r = await h.get(`/chains/${w.code}/apply`);
    expect(r.res.status).toBe(302);
    expect(r.res.headers.get("location")).toContain("/auth/login?returnTo=");
  });

  it("prefills, files the chain and shows its progress; nobody else sees it", async () => {
    const w = await world();
    const page = await h.get(`/chains/${w.code}/apply`, w.cookie);
    expect(page.res.status).toBe(200);
    for (const text of ["测试开办一件事", "填写申请表", w.p.idNumberMasked, "林一件"])
      expect(page.html).toContain(text);
    expect(page.html).not.toContain(w.p.idNumber);

    const { instanceId, caseNo } = await filed(w);
    expect(await instancesOf(w.p.id)).toBe(1);
    const progress = await h.get(`/space/chains/${instanceId}?filed=1`, w.cookie);
    expect(progress.res.status).toBe(200);
    for (const text of ["申请已提交", caseNo, "办理中", "等待", w.first.name, w.second.name, "撤回"])
      expect(progress.html).toContain(text);
    expect((await h.get("/space/chains", w.cookie)).html).toContain("测试开办一件事");

    const stranger = await applicant("陌生人");
    expect((await h.get(`/space/chains/${instanceId}`, stranger.cookie)).res.status).toBe(404);
    expect((await h.get(`/space/chains/${instanceId}/amend`, stranger.cookie)).res.status).toBe(404);
    expect((await h.get("/space/chains/not-an-id", w.cookie)).res.status).toBe(404);
    const refused = await h.post(`/space/chains/${instanceId}`, stranger.cookie, {
      intent: "withdraw",
      reason: "不想办了",
    });
    expect(refused.res.status).toBe(404);
  });

  it("refuses a bad form or another's material with a message in the page and writes nothing", async () => {
    const w = await world();
    const other = await applicant("别人");
    const url = `/chains/${w.code}/apply`;
    const good = { requirementCode: "application_form", materialId: w.mat.id };
    const bad: [unknown[], Record<string, unknown>, string][] = [
      [[good], { ...FORM, contactPhone: "12" }, "联系电话"],
      [[{ requirementCode: "application_form", materialId: other.mat.id }], FORM, "材料不存在或不属于申请人"],
      [[], FORM, "缺少材料：申请书"],
    ];
    for (const [materials, formData, message] of bad) {
      const r = await h.post(
        url,
        w.cookie,
        form({ intent: "submit", payload: payload(formData, materials) }),
      );
      expect(r.res.status).toBe(400);
      expect(r.html).toContain(message);
    }
    const tampered = await h.post(url, w.cookie, form({ intent: "submit", payload: "{nope" }));
    expect(tampered.res.status).toBe(400);
    expect(await instancesOf(w.p.id)).toBe(0);
  });

  it("uploads a new file for a material of the chain into the library", async () => {
    const w = await world();
    const fd = new FormData();
    fd.set("intent", "upload");
    fd.set("requirementCode", "application_form");
    fd.set("file", new Blob([PDF()], { type: "application/pdf" }), "申请书.pdf");
    const up = await h.post(`/chains/${w.code}/apply.data`, w.cookie, fd);
    expect(up.res.status).toBe(200);
    const [n] = await sql<{ n: number }>(
      "select count(*)::int as n from material where owner_person_id = ?",
      [w.p.id],
    );
    expect(n!.n).toBe(2);
    const wrong = new FormData();
    wrong.set("intent", "upload");
    wrong.set("requirementCode", "not_asked");
    wrong.set("file", new Blob([PDF()], { type: "application/pdf" }), "x.pdf");
    const refused = await h.post(`/chains/${w.code}/apply.data`, w.cookie, wrong);
    expect(refused.res.status).toBe(400);
  });
});

describe("the chain on the workbench", () => {
  it("shows the diagram to staff of a handling department; staff of another department get 404", async () => {
    const w = await world();
    const { caseId, caseNo } = await filed(w);
    const mine = await staffOf(w.first);
    const page = await h.get(`/workbench/cases/${caseId}`, mine.cookie);
    expect(page.res.status).toBe(200);
    for (const text of ["所属一件事", "测试开办一件事", caseNo, w.second.name])
      expect(page.html).toContain(text);
    const unrelated = await staffOf(await makeDepartment());
    expect((await h.get(`/workbench/cases/${caseId}`, unrelated.cookie)).res.status).toBe(404);
  });
});

describe("blocked chains", () => {
  it("a denied item blocks the chain; the applicant amends and resubmits it", async () => {
    const w = await world();
    const { instanceId, caseId } = await filed(w);
    await decide((await staffOf(w.first)).actor, caseId, false);
    const blocked = await h.get(`/space/chains/${instanceId}`, w.cookie);
    for (const text of ["待修改", "申请书内容与实际不符", "修改后重新提交", "未通过"])
      expect(blocked.html).toContain(text);
    // The space's messages say so too, on the denied case, with the way to the chain.
    const messages = await h.get("/space/messages", w.cookie);
    expect(messages.html).toContain("一件事已暂停");
    expect(messages.html).toContain("因本事项未获通过而暂停");
    expect(messages.html).toContain(`href="/space/chains/${instanceId}"`);

    const amendUrl = `/space/chains/${instanceId}/amend`;
    const amend = await h.get(amendUrl, w.cookie);
    expect(amend.res.status).toBe(200);
    expect(amend.html).toContain("重新提交");
    expect(amend.html).toContain(FORM.contactPhone);

    const body = (formData: Record<string, unknown>) =>
      form({
        intent: "resubmit",
        target: `first:${w.item1.code}`,
        payload: payload(formData, [{ requirementCode: "application_form", materialId: w.mat.id }]),
      });
    const wrong = await h.post(amendUrl, w.cookie, body({ ...FORM, contactPhone: "1" }));
    expect(wrong.res.status).toBe(400);
    expect(wrong.html).toContain("联系电话");
    const badTarget = await h.post(
      amendUrl,
      w.cookie,
      form({ intent: "resubmit", target: "x", payload: "{}" }),
    );
    expect(badTarget.res.status).toBe(400);
    const count = async () =>
      (
        await sql<{ n: number }>("select count(*)::int as n from case_file where chain_instance_id = ?", [
          instanceId,
        ])
      )[0]!.n;
    expect(await count()).toBe(1);

    const ok = await h.post(amendUrl, w.cookie, body({ ...FORM, remark: "已更正申请书" }));
    expect(ok.res.status).toBe(302);
    expect(ok.res.headers.get("location")).toBe(`/space/chains/${instanceId}?done=resubmit`);
    expect(await count()).toBe(2);
    const [inst] = await sql<{ status: string }>("select status from chain_instance where id = ?", [
      instanceId,
    ]);
    expect(inst!.status).toBe("running");
    expect((await h.get(`/space/chains/${instanceId}`, w.cookie)).html).toContain("第 2 次");
  });

  it("withdraws the chain with a reason; without one the page says so and nothing changes", async () => {
    const w = await world();
    const { instanceId } = await filed(w);
    const url = `/space/chains/${instanceId}`;
    const short = await h.post(url, w.cookie, { intent: "withdraw", reason: "" });
    expect(short.res.status).toBe(400);
    expect(short.html).toContain("请说明撤回原因");
    const status = async () =>
      (await sql<{ status: string }>("select status from chain_instance where id = ?", [instanceId]))[0]!
        .status;
    expect(await status()).toBe("running");
    const ok = await h.post(url, w.cookie, { intent: "withdraw", reason: "经营计划调整，暂不开办" });
    expect(ok.res.status).toBe(302);
    expect(await status()).toBe("withdrawn");
    const page = await h.get(`${url}?done=withdraw`, w.cookie);
    expect(page.html).toContain("一件事已撤回");
    expect(page.html).toContain("已撤回");
  });
});
