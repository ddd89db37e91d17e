import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantMember, issueResult, SYSTEM, submitCase } from "../../registry/index.ts";
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

describe("drafts on the overview", () => {
  it("lists the actor's drafts with item name, saved time and resume link; discards one; bad input writes nothing", async () => {
    const w = await world();
    const save = (cookie: string) =>
      post(
        `/items/${w.item.code}/apply`,
        cookie,
        new URLSearchParams({
          intent: "save",
          step: "2",
          payload: JSON.stringify({ formData: { applicantName: "甲空间" }, materials: [] }),
        }),
      );
    expect((await save(w.a.cookie)).res.status).toBe(200);
    expect((await save(w.b.cookie)).res.status).toBe(200);
    const drafts = () =>
      count("select count(*)::int as n from case_draft where item_code = ?", [w.item.code]);
    expect(await drafts()).toBe(2);

    const page = await get("/space", w.a.cookie);
    for (const text of ["未提交的草稿", "空间测试许可", "第 2 步", "继续填写", "放弃", "保存于"])
      expect(page.html).toContain(text);
    expect(page.html).toContain(`href="/items/${w.item.code}/apply"`);

    for (const itemCode of ["<script>", ""]) {
      const bad = await post("/space?index", w.a.cookie, { intent: "discardDraft", itemCode });
      expect(bad.res.status).toBe(400);
      expect(bad.html).toContain("事项编码无效");
    }
    expect((await post("/space?index", w.a.cookie, { intent: "nope" })).res.status).toBe(400);
    expect(await drafts()).toBe(2);

    // The index route's own form posts to `/space?index`.
    const discarded = await post("/space?index", w.a.cookie, {
      intent: "discardDraft",
      itemCode: w.item.code,
    });
    expect(discarded.res.status).toBe(302);
    expect(discarded.res.headers.get("location")).toBe("/space?done=discardDraft");
    // Only the actor's own draft goes; the other person's stays.
    expect(await drafts()).toBe(1);
    const after = await get("/space?done=discardDraft", w.a.cookie);
    expect(after.html).toContain("草稿已放弃");
    expect(after.html).toContain("暂无草稿");
    expect((await get("/space", w.b.cookie)).html).toContain("第 2 步");
  });
});

describe("messages", () => {
  it("pages back with a before cursor; a malformed cursor is a clear 400", async () => {
    const w = await world();
    // 51 more cases: 52 messages in all, one more than a page.
    for (let i = 0; i < 51; i++)
      await submitCase(await testCtx(personActor(w.a.person.id, { name: "甲空间" })), {
        itemCode: w.item.code,
        applicant: { type: "person" },
        formData: { applicantName: "甲空间", contactPhone: "13912345678" },
      });
    const first = await get("/space/messages", w.a.cookie);
    expect(first.res.status).toBe(200);
    expect(first.html).toContain("更早的消息");
    expect(first.html).not.toContain("回到最新消息");
    const older = /href="(\/space\/messages\?before=\d+)"/.exec(first.html)?.[1];
    expect(older).toBeTruthy();
    const second = await get(older!, w.a.cookie);
    expect(second.res.status).toBe(200);
    // The oldest message is the first case's; it shows only on the older page.
    expect(second.html).toContain(w.a.caseNo);
    expect(first.html).not.toContain(`>${w.a.caseNo}<`);
    expect(second.html).toContain("回到最新消息");
    expect(second.html).not.toContain("更早的消息");
    for (const q of ["abc", "1e5", "-1"]) {
      const bad = await get(`/space/messages?before=${q}`, w.a.cookie);
      expect(bad.res.status).toBe(400);
      expect(bad.html).toContain("消息页码无效");
    }
  });

  it("opening a case reads its messages and the badge goes down; someone else's case marks nothing", async () => {
    const w = await world();
    const second = await submitCase(await testCtx(personActor(w.a.person.id, { name: "甲空间" })), {
      itemCode: w.item.code,
      applicant: { type: "person" },
      formData: { applicantName: "甲空间", contactPhone: "13912345678" },
    });
    const marks = (personId: string) =>
      count("select count(*)::int as n from message_read where person_id = ?", [personId]);
    const unread = async () => /(\d+) 条未读/.exec((await get("/space/messages", w.a.cookie)).html)?.[1];
    expect(await unread()).toBe("2");
    const opened = await get(`/space/cases/${w.a.caseId}`, w.a.cookie);
    expect(opened.res.status).toBe(200);
    // The badge of the page just opened already counts the case's messages as read.
    expect(opened.html).toContain("1 条未读");
    expect(await marks(w.a.person.id)).toBe(1);
    expect(await unread()).toBe("1");
    const list = await get("/space/messages", w.a.cookie);
    expect(list.html).toContain(second.caseNo);

    const foreign = await get(`/space/cases/${w.a.caseId}`, w.b.cookie);
    expect(foreign.res.status).toBe(404);
    expect(await marks(w.b.person.id)).toBe(0);
  });
});

describe("members: scope chosen from the catalog", () => {
  it("an admin (not the legal rep) invites an agent for chosen items and revokes; bad scopes write nothing", async () => {
    const rep = await makePerson({ name: "冯法人" });
    const ent = await makeEnterprise({ legalRepPersonId: rep.id });
    const admin = await makePerson({ name: "卫管理" });
    await grantMember(await testCtx(SYSTEM), {
      enterpriseId: ent.id,
      personId: admin.id,
      role: "admin",
      scope: "all",
      validFrom: "2020-01-01",
    });
    const dept = await makeDepartment();
    const forEnterprises = await makeServiceItem(dept.code, {
      name: "企业范围测试许可",
      subjectTypes: ["enterprise"],
    });
    const forPersons = await makeServiceItem(dept.code, {
      name: "个人范围测试许可",
      subjectTypes: ["person"],
    });
    const acting = (role: string) =>
      ({
        type: "enterprise",
        enterprise_id: ent.id,
        uscc: ent.uscc,
        name: ent.name,
        role,
        scope: "all",
      }) as const;
    const adminCookie = await signIn(admin.id, "卫管理", acting("admin"));

    const page = await get("/space/members", adminCookie);
    expect(page.res.status).toBe(200);
    expect(page.html).toContain("指定事项");
    const invitee = await makePerson({ name: "蒋经办" });
    const invite = (items: string[]) =>
      post("/space/members", adminCookie, [
        ["intent", "invite"],
        ["who", invitee.phone!],
        ["role", "agent"],
        ["scopeMode", "chosen"],
        ...items.map((i) => ["items", i] as [string, string]),
        ["validFrom", "2026-01-01"],
        ["validTo", "2027-12-31"],
      ]);
    const members = () =>
      count("select count(*)::int as n from enterprise_member where enterprise_id = ?", [ent.id]);
    const audits = () => count("select count(*)::int as n from audit_log where subject_id = ?", [ent.id]);
    const before = { members: await members(), audits: await audits() };
    for (const [items, message] of [
      [[], "请选择至少一个事项"],
      [[forPersons.code], `以下事项不存在或不面向企业办理：${forPersons.code}`],
      [["NO-SUCH-ITEM"], "以下事项不存在或不面向企业办理：NO-SUCH-ITEM"],
      [["<bad>"], "事项编码无效"],
    ] as const) {
      const r = await invite([...items]);
      expect(r.res.status, message).toBe(400);
      expect(r.html).toContain(message);
    }
    expect({ members: await members(), audits: await audits() }).toEqual(before);

    const ok = await invite([forEnterprises.code]);
    expect(ok.res.status).toBe(200);
    expect(ok.html).toContain("已添加成员");
    const [m] = await rt.orm.em
      .fork()
      .getConnection()
      .execute<{ id: string; scope_all: boolean; scope_items: string[] }[]>(
        "select id, scope_all, scope_items from enterprise_member where person_id = ? and enterprise_id = ?",
        [invitee.id, ent.id],
        "all",
      );
    expect(m).toMatchObject({ scope_all: false, scope_items: [forEnterprises.code] });
    // The list names the item, not just its code.
    expect((await get("/space/members", adminCookie)).html).toContain("企业范围测试许可");

    // The new agent may not manage members: page, invite and revoke are refused and change nothing.
    const agentCookie = await signIn(invitee.id, "蒋经办", acting("agent"));
    expect((await get("/space/members", agentCookie)).res.status).toBe(403);
    const agentInvite = await post("/space/members", agentCookie, [
      ["intent", "invite"],
      ["who", rep.phone!],
      ["role", "admin"],
      ["scopeMode", "all"],
      ["validFrom", "2026-01-01"],
    ]);
    expect(agentInvite.res.status).toBe(403);
    expect(agentInvite.html).toContain("只有法定代表人或管理员可以管理企业成员");
    const agentRevoke = await post("/space/members", agentCookie, [
      ["intent", "revoke"],
      ["memberId", m!.id],
      ["reason", "越权撤销"],
    ]);
    expect(agentRevoke.res.status).toBe(403);
    expect(
      await count("select count(*)::int as n from enterprise_member where id = ? and revoked_at is null", [
        m!.id,
      ]),
    ).toBe(1);

    const revoked = await post("/space/members", adminCookie, [
      ["intent", "revoke"],
      ["memberId", m!.id],
      ["reason", "项目结束"],
    ]);
    expect(revoked.res.status).toBe(200);
    expect(revoked.html).toContain("授权已撤销");
    expect(
      await count(
        "select count(*)::int as n from enterprise_member where id = ? and revoked_at is not null",
        [m!.id],
      ),
    ).toBe(1);
  });
});

describe("materials: a new version from the row", () => {
  it("uploads a new version of one material, keeping the history; another person's material is refused", async () => {
    const w = await world();
    const page = await get("/space/materials", w.a.cookie);
    expect(page.html).toContain("上传新版本");
    const version = (supersedesId: string, cookie = w.a.cookie) => {
      const f = new FormData();
      f.set("intent", "upload");
      f.set("supersedesId", supersedesId);
      f.set("title", "身份证复印件");
      f.set("file", pdf(), "id-v2.pdf");
      return post("/space/materials", cookie, f);
    };
    const foreign = await version(w.a.materialId, w.b.cookie);
    expect(foreign.res.status).toBe(404);
    const up = await version(w.a.materialId);
    expect(up.res.status).toBe(302);
    const rows = await rt.orm.em
      .fork()
      .getConnection()
      .execute<{ version: number; superseded: boolean }[]>(
        `select version, superseded_at is not null as superseded from material
         where owner_person_id = ? order by version`,
        [w.a.person.id],
        "all",
      );
    expect(rows).toEqual([
      { version: 1, superseded: true },
      { version: 2, superseded: false },
    ]);
    const after = await get("/space/materials", w.a.cookie);
    expect(after.html).toContain("身份证复印件（v2）");
    // The replaced version can no longer be replaced again.
    const stale = await version(w.a.materialId);
    expect(stale.res.status).toBe(409);
    expect(stale.html).toContain("该材料已有更新的版本");
  });
});
