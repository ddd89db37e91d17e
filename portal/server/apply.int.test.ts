import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantMember, issueResult, storeMaterial } from "../../registry/index.ts";
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
import { type PortalHarness, startPortal, type TestClaims } from "./testing/portal-harness.ts";

let h: PortalHarness;
let rt: Runtime;

beforeAll(async () => {
  h = await startPortal("apply-http");
  rt = h.rt;
}, 120_000);

afterAll(async () => {
  await h?.close();
});

type Claims = {
  staff_posts?: TestClaims["staffPosts"];
  acting_for?: Record<string, unknown>;
  enterpriseId?: string;
};

/** A signed-in browser (claims as the sign-in callback stores them). */
const signIn = (personId: string, name: string, extra: Claims = {}) =>
  h.signIn(personId, name, {
    staffPosts: extra.staff_posts,
    actingFor: extra.acting_for,
    enterpriseId: extra.enterpriseId,
  });

const get = (pathname: string, cookie?: string) => h.get(pathname, cookie);
const post: PortalHarness["post"] = (pathname, cookie, body) => h.post(pathname, cookie, body);

const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const payload = (formData: Record<string, unknown>, materials: unknown[]) =>
  JSON.stringify({ formData, materials });
const PDF = () => Buffer.from(`%PDF-1.4\n% ${unique()}\n%%EOF\n`, "latin1");
const FORM = { applicantName: "陈申办", contactPhone: "13912345678" };

async function count(sql: string, params: unknown[]) {
  const [r] = await rt.orm.em.fork().getConnection().execute<{ n: number }[]>(sql, params, "all");
  return r!.n;
}
const casesOf = (code: string) =>
  count(
    "select count(*)::int as n from case_file c join service_item i on i.id = c.item_id where i.code = ?",
    [code],
  );
const draftsOf = (code: string) =>
  count("select count(*)::int as n from case_draft where item_code = ?", [code]);
const materialsOf = (personId: string) =>
  count("select count(*)::int as n from material where owner_person_id = ?", [personId]);

/** A person with a stored material and a reusable licence; an item for persons that accepts that licence. */
async function world() {
  const issuer = await makeDepartment();
  const typeCode = `TEST_LICENSE_${unique()}`;
  await makeServiceItem(issuer.code, { resultType: { code: typeCode, name: "测试许可证", validMonths: 12 } });
  const dept = await makeDepartment();
  const base0 = itemDefinition(dept.code);
  const item = await makeServiceItem(dept.code, {
    name: "在线申办测试许可",
    materials: [base0.materials[0], { ...base0.materials[1], acceptedResultTypes: [typeCode] }],
  });
  const p = await makePerson({ name: "陈申办" });
  const ctx = { ...(await testCtx(personActor(p.id))), storage: rt.storage };
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
  const licence = await issueResult(await testCtx(), {
    resultTypeCode: typeCode,
    holder: { type: "person", personId: p.id },
    data: {},
    validFrom: "2026-01-01",
  });
  return { dept, item, p, mat, licence, cookie: await signIn(p.id, p.name) };
}

describe("/items/:code/apply", () => {
  it("sends anonymous visitors to sign-in", async () => {
    const { item } = await world();
    const r = await get(`/items/${item.code}/apply`);
    expect(r.res.status).toBe(302);
    expect(r.res.headers.get("location")).toContain("/auth/login?returnTo=");
  });

  it("prefills, saves and resumes a draft, uploads, submits and shows the receipt", async () => {
    const w = await world();
    const url = `/items/${w.item.code}/apply`;
    const page = await get(url, w.cookie);
    expect(page.res.status).toBe(200);
    for (const text of ["在线申办测试许可", "填写表单", "保存草稿", w.p.idNumberMasked, "陈申办"])
      expect(page.html).toContain(text);
    expect(page.html).not.toContain(w.p.idNumber);

    const saved = await post(url, w.cookie, form({ intent: "save", step: "2", payload: payload(FORM, []) }));
    expect(saved.res.status).toBe(200);
    expect(await draftsOf(w.item.code)).toBe(1);
    const resumed = (await get(url, w.cookie)).html;
    expect(resumed).toContain("已恢复您保存的草稿");
    expect(resumed).toContain("放弃草稿，重新填写");
    // Discarding starts afresh; saving again brings the draft back for the rest of the journey.
    const discarded = await post(url, w.cookie, form({ intent: "discard" }));
    expect(discarded.res.status).toBe(302);
    expect(await draftsOf(w.item.code)).toBe(0);
    expect((await get(url, w.cookie)).html).not.toContain("已恢复您保存的草稿");
    await post(url, w.cookie, form({ intent: "save", step: "2", payload: payload(FORM, []) }));
    expect(await draftsOf(w.item.code)).toBe(1);

    const fd = new FormData();
    fd.set("intent", "upload");
    fd.set("requirementCode", "application_form");
    fd.set("file", new Blob([PDF()], { type: "application/pdf" }), "申请书.pdf");
    const up = await post(`${url}.data`, w.cookie, fd);
    expect(up.res.status).toBe(200);
    expect(await materialsOf(w.p.id)).toBe(2);

    const materials = [
      { requirementCode: "application_form", materialId: w.mat.id },
      { requirementCode: "licence_copy", resultId: w.licence.id, consent: true },
    ];
    const sub = await post(url, w.cookie, form({ intent: "submit", payload: payload(FORM, materials) }));
    expect(sub.res.status).toBe(302);
    const receiptUrl = sub.res.headers.get("location")!;
    expect(receiptUrl).toMatch(/^\/space\/cases\/[0-9a-f-]{36}\/receipt$/);
    expect(await casesOf(w.item.code)).toBe(1);
    expect(await draftsOf(w.item.code)).toBe(0);

    const receipt = await get(receiptUrl, w.cookie);
    expect(receipt.res.status).toBe(200);
    for (const text of [
      "网上申报回执",
      `${w.dept.code}-`,
      "在线申办测试许可",
      w.dept.name,
      "申请书",
      "证照复用",
      "打印回执",
    ])
      expect(receipt.html).toContain(text);
    expect(receipt.html).toContain(`href="${receiptUrl.replace("/receipt", "")}"`);
    // Nobody else sees the receipt.
    const stranger = await makePerson();
    expect((await get(receiptUrl, await signIn(stranger.id, stranger.name))).res.status).toBe(404);
  });

  it("refuses bad input with a message in the page and writes nothing", async () => {
    const w = await world();
    const other = await world();
    const url = `/items/${w.item.code}/apply`;
    const good = { requirementCode: "application_form", materialId: w.mat.id };
    const bad: [unknown[], Record<string, unknown>, string][] = [
      [
        [{ requirementCode: "application_form", materialId: other.mat.id }],
        FORM,
        "所选材料不存在或不属于申请人",
      ],
      [
        [good, { requirementCode: "licence_copy", resultId: other.licence.id, consent: true }],
        FORM,
        "所选证照不存在或不属于申请人",
      ],
      [
        [good, { requirementCode: "licence_copy", resultId: w.licence.id, consent: false }],
        FORM,
        "使用已有证照需经您同意",
      ],
      [[good], { ...FORM, contactPhone: "12" }, "联系电话"],
    ];
    for (const [materials, formData, message] of bad) {
      const r = await post(url, w.cookie, form({ intent: "submit", payload: payload(formData, materials) }));
      expect(r.res.status).toBe(400);
      expect(r.html).toContain(message);
    }
    const tampered = await post(url, w.cookie, form({ intent: "submit", payload: "{not json" }));
    expect(tampered.res.status).toBe(400);
    expect(tampered.html).toContain("提交的内容无效");

    const wrongType = new FormData();
    wrongType.set("intent", "upload");
    wrongType.set("requirementCode", "application_form");
    wrongType.set("file", new Blob(["MZ not a document"]), "virus.pdf");
    const r415 = await post(url, w.cookie, wrongType);
    expect(r415.res.status).toBe(415);
    expect(r415.html).toContain("只接受 PDF、JPG、PNG、OFD 文件");

    const big = new FormData();
    big.set("intent", "upload");
    big.set("requirementCode", "application_form");
    const bytes = Buffer.alloc(20 * 1024 * 1024 + 100 * 1024);
    bytes.write("%PDF-1.4");
    big.set("file", new Blob([bytes]), "big.pdf");
    const r413 = await post(url, w.cookie, big);
    expect(r413.res.status).toBe(413);
    expect(r413.html).toContain("文件不能超过 20 MB");

    expect(await casesOf(w.item.code)).toBe(0);
    expect(await materialsOf(w.p.id)).toBe(1);
  });

  it("refuses staff signed in as staff and an agent outside their scope", async () => {
    const w = await world();
    const url = `/items/${w.item.code}/apply`;
    const staffCookie = await signIn(w.p.id, w.p.name, {
      staff_posts: [{ department: w.dept.code, roles: ["clerk"] }],
    });
    const s = await get(url, staffCookie);
    expect(s.res.status).toBe(403);
    expect(s.html).toContain("工作人员身份");

    const ent = await makeEnterprise();
    const agent = await makePerson({ name: "孙经办" });
    await grantMember(await testCtx(), {
      enterpriseId: ent.id,
      personId: agent.id,
      role: "agent",
      scope: ["OTHER-ITEM-1"],
      validFrom: "2020-01-01",
    });
    const agentCookie = await signIn(agent.id, agent.name, {
      enterpriseId: ent.id,
      acting_for: {
        type: "enterprise",
        enterprise_id: ent.id,
        uscc: ent.uscc,
        name: ent.name,
        role: "agent",
        scope: ["OTHER-ITEM-1"],
      },
    });
    const a = await get(url, agentCookie);
    expect(a.res.status).toBe(403);
    expect(a.html).toContain("该事项不在您的经办授权范围内");
    const sub = await post(url, agentCookie, form({ intent: "submit", payload: payload(FORM, []) }));
    expect(sub.res.status).toBe(403);
    expect(await casesOf(w.item.code)).toBe(0);
  });
});
