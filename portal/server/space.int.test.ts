import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueResult, SYSTEM, submitCase } from "../../registry/index.ts";
import {
  itemDefinition,
  makeDepartment,
  makeEnterprise,
  makePerson,
  makeServiceItem,
  personActor,
  unique,
} from "../../registry/testing/factories.ts";
import { testCtx } from "../../registry/testing/test-env.ts";
import type { Runtime } from "./runtime.ts";
import { type PortalHarness, startPortal } from "./testing/portal-harness.ts";

let h: PortalHarness;
let rt: Runtime;

beforeAll(async () => {
  h = await startPortal("space");
  rt = h.rt;
}, 120_000);

afterAll(async () => {
  await h?.close();
});

type ActingFor =
  | { type: "person"; name: string }
  | { type: "enterprise"; enterprise_id: string; uscc: string; name: string; role: string; scope: "all" };

/** A signed-in browser acting as themself or for an enterprise. */
const signIn = (personId: string, name: string, actingFor: ActingFor = { type: "person", name }) =>
  h.signIn(personId, name, {
    actingFor,
    enterpriseId: actingFor.type === "enterprise" ? actingFor.enterprise_id : undefined,
  });

const get = (pathname: string, cookie?: string) => h.get(pathname, cookie);
const post: PortalHarness["post"] = (pathname, cookie, body) => h.post(pathname, cookie, body);

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const rows = await rt.orm.em.fork().getConnection().execute<{ n: number }[]>(sql, params, "all");
  return rows[0]!.n;
}

const pdf = () =>
  new Blob([Buffer.from(`%PDF-1.4\n% ${unique()}\n%%EOF\n`, "latin1")], { type: "application/pdf" });

/** Two individuals, each with a case, a stored material and a licence. */
async function world() {
  const dept = await makeDepartment();
  const licence = `TEST_LICENSE_${unique()}`;
  const item = await makeServiceItem(dept.code, {
    name: "空间测试许可",
    resultType: { code: licence, name: "空间测试许可证", validMonths: 12 },
    materials: itemDefinition(dept.code).materials.map((m) => ({ ...m, required: false })),
  });
  const mk = async (name: string) => {
    const p = await makePerson({ name });
    const c = await submitCase(await testCtx(personActor(p.id, { name })), {
      itemCode: item.code,
      applicant: { type: "person" },
      formData: { applicantName: name, contactPhone: "13912345678" },
    });
    const r = await issueResult(await testCtx(SYSTEM), {
      resultTypeCode: licence,
      holder: { type: "person", personId: p.id },
      data: { 持证人: name, 许可范围: "测试范围" },
      validFrom: "2025-03-20",
    });
    const cookie = await signIn(p.id, name);
    const form = new FormData();
    form.set("title", "身份证复印件");
    form.set("file", pdf(), "id.pdf");
    const up = await post("/space/materials", cookie, form);
    expect(up.res.status).toBe(302);
    const [m] = await rt.orm.em
      .fork()
      .getConnection()
      .execute<{ id: string }[]>("select id from material where owner_person_id = ?", [p.id], "all");
    return { person: p, caseId: c.id, caseNo: c.caseNo, resultId: r.id, materialId: m!.id, cookie };
  };
  return { item, a: await mk("甲空间"), b: await mk("乙空间") };
}

describe("the space pages", () => {
  it("every page renders for the owner, with the unread badge and the case links", async () => {
    const w = await world();
    const overview = await get("/space", w.a.cookie);
    expect(overview.res.status).toBe(200);
    for (const text of [
      "概览",
      "我的办件",
      "我的材料",
      "我的证照",
      "消息",
      "办件统计",
      "30 天内到期",
      w.a.caseNo,
    ])
      expect(overview.html).toContain(text);
    expect(overview.html).not.toContain("成员管理");
    const cases = await get(`/space/cases?status=submitted&item=${w.item.code}&from=2020-01-01`, w.a.cookie);
    expect(cases.html).toContain(`href="/space/cases/${w.a.caseId}"`);
    expect(cases.html).not.toContain(w.b.caseNo);
    const materials = await get("/space/materials", w.a.cookie);
    expect(materials.html).toContain("身份证复印件");
    expect(materials.html).toContain("C 级");
    const results = await get("/space/results", w.a.cookie);
    expect(results.html).toContain(`href="/space/results/${w.a.resultId}"`);
    const detail = await get(`/space/results/${w.a.resultId}`, w.a.cookie);
    for (const text of ["颁发机构代码", "持证主体代码类型", "行政区划代码", "测试范围"])
      expect(detail.html).toContain(text);
    const dl = await get(`/space/materials?download=${w.a.materialId}`, w.a.cookie);
    expect(dl.res.status).toBe(302);
    expect(dl.res.headers.get("location")).toMatch(/\/files\//);
  });

  it("bad query strings and bad uploads get a clear message and write nothing", async () => {
    const w = await world();
    for (const [q, msg] of [
      ["status=nope", "状态无效"],
      ["from=2026-13-01", "开始日期格式应为 YYYY-MM-DD"],
      ["page=-1", "页码无效"],
      ["item=%3Cscript%3E", "事项编码无效"],
    ] as const) {
      const r = await get(`/space/cases?${q}`, w.a.cookie);
      expect(r.res.status).toBe(400);
      expect(r.html).toContain(msg);
    }
    const before = await count("select count(*)::int as n from material");
    const wrong = new FormData();
    wrong.set("title", "图片");
    wrong.set("file", new Blob([Buffer.from("GIF89a not allowed")]), "x.gif");
    const r1 = await post("/space/materials", w.a.cookie, wrong);
    expect(r1.res.status).toBe(415);
    expect(r1.html).toContain("只接受 PDF、JPG、PNG、OFD 文件");
    const big = new FormData();
    big.set("title", "超大文件");
    big.set("file", new Blob([Buffer.alloc(21 * 1024 * 1024, 0x25)]), "big.pdf");
    const r2 = await post("/space/materials", w.a.cookie, big);
    expect(r2.res.status).toBe(413);
    expect(r2.html).toContain("文件不能超过 20 MB");
    expect(await count("select count(*)::int as n from material")).toBe(before);
  });

  it("guessing another person's ids: 404 or nothing written", async () => {
    const w = await world();
    expect((await get(`/space/materials?download=${w.a.materialId}`, w.b.cookie)).res.status).toBe(404);
    expect((await get(`/space/results/${w.a.resultId}`, w.b.cookie)).res.status).toBe(404);
    const del = await post(
      "/space/materials",
      w.b.cookie,
      (() => {
        const f = new FormData();
        f.set("intent", "delete");
        f.set("id", w.a.materialId);
        return f;
      })(),
    );
    expect(del.res.status).toBe(404);
    expect(
      await count("select count(*)::int as n from material where id = ? and deleted_at is null", [
        w.a.materialId,
      ]),
    ).toBe(1);

    const aEvents = await rt.orm.em
      .fork()
      .getConnection()
      .execute<{ id: string }[]>(
        "select id::text as id from case_event where case_id = ?",
        [w.a.caseId],
        "all",
      );
    const marks = await count("select count(*)::int as n from message_read");
    const mark = await post(
      "/space/messages",
      w.b.cookie,
      new URLSearchParams(aEvents.map((e) => ["id", e.id])),
    );
    expect(mark.res.status).toBe(200);
    expect(await count("select count(*)::int as n from message_read")).toBe(marks);

    // The owner's badge goes down when they read.
    const msgs = await get("/space/messages", w.a.cookie);
    expect(msgs.html).toContain(`${aEvents.length} 条未读`);
    await post("/space/messages", w.a.cookie, new URLSearchParams([["intent", "all"]]));
    expect(
      await count("select count(*)::int as n from message_read where person_id = ?", [w.a.person.id]),
    ).toBe(aEvents.length);
  });
});

describe("the members page", () => {
  it("legal representative invites by ID number and revokes; an individual and an agent get 403", async () => {
    const rep = await makePerson({ name: "钱法人" });
    const ent = await makeEnterprise({ legalRepPersonId: rep.id });
    const acting = (role: string) =>
      ({
        type: "enterprise",
        enterprise_id: ent.id,
        uscc: ent.uscc,
        name: ent.name,
        role,
        scope: "all",
      }) as const;
    const repCookie = await signIn(rep.id, "钱法人", acting("legal_rep"));
    const page = await get("/space/members", repCookie);
    expect(page.res.status).toBe(200);
    expect(page.html).toContain("钱法人");

    const invitee = await makePerson({ name: "孙经办" });
    const look = await post(
      "/space/members",
      repCookie,
      new URLSearchParams([
        ["intent", "lookup"],
        ["who", invitee.idNumber],
      ]),
    );
    expect(look.html).toContain("孙**");
    expect(look.html).not.toContain(invitee.idNumber);

    const audits = await count("select count(*)::int as n from audit_log");
    const bad = await post(
      "/space/members",
      repCookie,
      new URLSearchParams([
        ["intent", "invite"],
        ["who", "320999199001011234"],
        ["role", "agent"],
        ["scopeMode", "all"],
        ["validFrom", "2026-01-01"],
      ]),
    );
    expect(bad.res.status).toBe(400);
    expect(await count("select count(*)::int as n from audit_log")).toBe(audits);

    const ok = await post(
      "/space/members",
      repCookie,
      new URLSearchParams([
        ["intent", "invite"],
        ["who", invitee.idNumber],
        ["role", "agent"],
        ["scopeMode", "all"],
        ["validFrom", "2026-01-01"],
      ]),
    );
    expect(ok.res.status).toBe(200);
    expect(ok.html).toContain("已添加成员");
    const [m] = await rt.orm.em
      .fork()
      .getConnection()
      .execute<{ id: string }[]>("select id from enterprise_member where person_id = ?", [invitee.id], "all");

    const agentCookie = await signIn(invitee.id, "孙经办", acting("agent"));
    const denied = await get("/space/members", agentCookie);
    expect(denied.res.status).toBe(403);
    expect(denied.html).toContain("只有法定代表人或管理员可以管理企业成员");
    const revokeByAgent = await post(
      "/space/members",
      agentCookie,
      new URLSearchParams([
        ["intent", "revoke"],
        ["memberId", m!.id],
        ["reason", "越权"],
      ]),
    );
    expect(revokeByAgent.res.status).toBe(403);

    const self = await get("/space/members", await signIn(rep.id, "钱法人"));
    expect(self.res.status).toBe(403);

    const revoke = await post(
      "/space/members",
      repCookie,
      new URLSearchParams([
        ["intent", "revoke"],
        ["memberId", m!.id],
        ["reason", "岗位调整"],
      ]),
    );
    expect(revoke.html).toContain("授权已撤销");
    const after = await get("/space/members", repCookie);
    expect(after.html).toContain("已撤销");
    expect(after.html).toContain("岗位调整");
  });
});
