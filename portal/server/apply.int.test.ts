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

describe("registered ID number and phone", () => {
  /** An item asking for the applicant's ID number and phone; an enterprise item asking for the legal rep's. */
  async function registeredWorld() {
    const dept = await makeDepartment();
    const base = itemDefinition(dept.code);
    const materials = base.materials.map((m) => ({ ...m, required: false }));
    const personItem = await makeServiceItem(dept.code, {
      name: "登记信息测试许可",
      subjectTypes: ["person"],
      materials,
      formSchema: {
        type: "object",
        required: ["applicantName", "idNumber", "contactPhone"],
        properties: {
          applicantName: { type: "string", title: "申请人名称", minLength: 2 },
          idNumber: { type: "string", title: "公民身份号码", pattern: "^\\d{17}[\\dX]$" },
          contactPhone: { type: "string", title: "联系电话", pattern: "^1[3-9]\\d{9}$" },
        },
      },
    });
    const entItem = await makeServiceItem(dept.code, {
      name: "法人登记信息测试许可",
      subjectTypes: ["enterprise"],
      materials,
      formSchema: {
        type: "object",
        required: ["enterpriseName", "legalRepIdNumber", "contactPhone"],
        properties: {
          enterpriseName: { type: "string", title: "企业名称" },
          legalRepIdNumber: { type: "string", title: "法定代表人身份证号码", pattern: "^\\d{17}[\\dX]$" },
          contactPhone: { type: "string", title: "联系电话", pattern: "^1[3-9]\\d{9}$" },
        },
      },
    });
    return { personItem, entItem };
  }
  const formDataOf = async (code: string) => {
    const rows = await rt.orm.em
      .fork()
      .getConnection()
      .execute<{ form_data: Record<string, unknown> }[]>(
        "select c.form_data from case_file c join service_item i on i.id = c.item_id where i.code = ?",
        [code],
        "all",
      );
    return rows.map((r) => r.form_data);
  };
  const withRegistered = (formData: Record<string, unknown>, registered: unknown) =>
    JSON.stringify({ formData, materials: [], registered });

  it("offers the person's own ID number and phone masked, and fills in the real ones at submit", async () => {
    const { personItem } = await registeredWorld();
    const p = await makePerson({ name: "赵登记" });
    const cookie = await signIn(p.id, p.name);
    const url = `/items/${personItem.code}/apply`;
    const page = await get(url, cookie);
    expect(page.res.status).toBe(200);
    expect(page.html).toContain("使用我登记的身份证号码");
    expect(page.html).toContain(p.idNumberMasked);
    expect(page.html).toContain(p.phoneMasked!);
    expect(page.html).not.toContain(p.idNumber);
    expect(page.html).not.toContain(p.phone!);

    // Left as the masked placeholder (ID number) or empty (phone), with both ticked.
    const sub = await post(
      url,
      cookie,
      form({
        intent: "submit",
        payload: withRegistered({ applicantName: p.name, idNumber: p.idNumberMasked }, [
          "idNumber",
          "contactPhone",
        ]),
      }),
    );
    expect(sub.res.status).toBe(302);
    const [fd] = await formDataOf(personItem.code);
    expect(fd).toMatchObject({ idNumber: p.idNumber, contactPhone: p.phone });
    // The receipt and the case page do not carry the clear numbers either.
    const receiptUrl = sub.res.headers.get("location")!;
    for (const page of [
      await get(receiptUrl, cookie),
      await get(receiptUrl.replace("/receipt", ""), cookie),
    ]) {
      expect(page.res.status).toBe(200);
      expect(page.html).not.toContain(p.idNumber);
      expect(page.html).not.toContain(p.phone!);
    }
  });

  it("refuses a ticked field with another value, a field not offered and a masked value left unticked", async () => {
    const { personItem, entItem } = await registeredWorld();
    const p = await makePerson({ name: "钱登记" });
    const cookie = await signIn(p.id, p.name);
    const url = `/items/${personItem.code}/apply`;
    const cases: [Record<string, unknown>, unknown, string][] = [
      [
        { applicantName: p.name, idNumber: "320999199001011234", contactPhone: "13912345678" },
        ["idNumber"],
        "「公民身份号码」已选择使用登记的号码，请清空该栏或取消勾选",
      ],
      [
        { applicantName: p.name, idNumber: "", contactPhone: "13912345678" },
        ["idNumber", "legalRepIdNumber"],
        "「legalRepIdNumber」不能使用登记信息",
      ],
      [
        { applicantName: p.name, idNumber: p.idNumberMasked, contactPhone: "13912345678" },
        [],
        "「公民身份号码」请填写完整号码，或勾选使用登记的号码",
      ],
      [{ applicantName: p.name }, ["<script>"], "表单字段无效"],
      [{ applicantName: p.name }, "idNumber", "表单字段无效"],
    ];
    for (const [formData, registered, message] of cases) {
      const r = await post(
        url,
        cookie,
        form({ intent: "submit", payload: withRegistered(formData, registered) }),
      );
      expect(r.res.status, message).toBe(400);
      expect(r.html).toContain(message);
    }
    expect(await casesOf(personItem.code)).toBe(0);

    // For an enterprise: the legal representative's own ID number is offered to them, not to an admin.
    const rep = await makePerson({ name: "孙法人" });
    const ent = await makeEnterprise({ legalRepPersonId: rep.id });
    const admin = await makePerson({ name: "李管理" });
    await grantMember(await testCtx(), {
      enterpriseId: ent.id,
      personId: admin.id,
      role: "admin",
      scope: "all",
      validFrom: "2020-01-01",
    });
    const acting = (role: string) => ({
      enterpriseId: ent.id,
      acting_for: {
        type: "enterprise",
        enterprise_id: ent.id,
        uscc: ent.uscc,
        name: ent.name,
        role,
        scope: "all",
      },
    });
    const entUrl = `/items/${entItem.code}/apply`;
    const repPage = await get(entUrl, await signIn(rep.id, rep.name, acting("legal_rep")));
    expect(repPage.html).toContain("法定代表人身份证号码：使用我登记的身份证号码");
    expect(repPage.html).not.toContain(rep.idNumber);
    const adminCookie = await signIn(admin.id, admin.name, acting("admin"));
    const adminPage = await get(entUrl, adminCookie);
    expect(adminPage.html).not.toContain("使用我登记的身份证号码");
    expect(adminPage.html).toContain("使用我登记的手机号码");
    const refused = await post(
      entUrl,
      adminCookie,
      form({
        intent: "submit",
        payload: withRegistered({ enterpriseName: ent.name, contactPhone: "" }, ["legalRepIdNumber"]),
      }),
    );
    expect(refused.res.status).toBe(400);
    expect(refused.html).toContain("「法定代表人身份证号码」不能使用登记信息");
    expect(await casesOf(entItem.code)).toBe(0);
  });
});
