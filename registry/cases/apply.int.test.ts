import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalStorage } from "../../platform/index.ts";
import { type Actor, SYSTEM } from "../context.ts";
import { grantMember } from "../enterprises/members.ts";
import { storeMaterial } from "../materials/store-material.ts";
import { issueResult } from "../results/issue-result.ts";
import { revokeResult } from "../results/query-results.ts";
import {
  itemDefinition,
  makeDepartment,
  makeEnterprise,
  makePerson,
  makeServiceItem,
  personActor,
  unique,
} from "../testing/factories.ts";
import { closeTestOrm, testCtx } from "../testing/test-env.ts";
import { getApplyContext, uploadForApplication } from "./apply-context.ts";
import { deleteDraft, getDraft, listMyDrafts, saveDraft } from "./case-drafts.ts";
import { submitApplication } from "./submit-application.ts";

const NOW = new Date("2026-03-02T03:00:00Z");
const FORM = { applicantName: "王小明", contactPhone: "13912345678" };
let root = "";
let storage: LocalStorage;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "tongban-apply-"));
  storage = new LocalStorage({ root, secret: "apply-test-secret-0123456789", baseUrl: "http://localhost" });
  await storage.ensureReady();
});
afterAll(async () => {
  await closeTestOrm();
  if (root) await rm(root, { recursive: true, force: true });
});

const ctxAs = async (actor: Actor = SYSTEM, now = NOW) => ({ ...(await testCtx(actor, now)), storage });
const pdf = () => Buffer.from(`%PDF-1.4\n% ${unique()}\n%%EOF\n`, "latin1");

async function counts(itemCode: string) {
  const [r] = await (await testCtx()).em.getConnection().execute(
    `select (select count(*)::int from case_file c join service_item i on i.id = c.item_id where i.code = ?) as cases,
            (select count(*)::int from case_draft where item_code = ?) as drafts`,
    [itemCode, itemCode],
  );
  return r as { cases: number; drafts: number };
}

/** A person, their library material, and an item for persons and enterprises that accepts a licence type. */
async function world() {
  const issuer = await makeDepartment();
  const typeCode = `TEST_LICENSE_${unique()}`;
  await makeServiceItem(issuer.code, { resultType: { code: typeCode, name: "测试许可证", validMonths: 12 } });
  const dept = await makeDepartment();
  const base = itemDefinition(dept.code);
  const item = await makeServiceItem(dept.code, {
    materials: [base.materials[0], { ...base.materials[1], acceptedResultTypes: [typeCode] }],
  });
  const p = await makePerson({ name: "王小明" });
  const actor = personActor(p.id, { name: "王小明" });
  const mat = await storeMaterial(
    await ctxAs(actor),
    { owner: { type: "person", personId: p.id }, title: "申请书", filename: "a.pdf" },
    pdf(),
  );
  const licence = await issueResult(await ctxAs(), {
    resultTypeCode: typeCode,
    holder: { type: "person", personId: p.id },
    data: { 姓名: p.name },
    validFrom: "2026-01-01",
  });
  return { issuer, typeCode, dept, item, p, actor, mat, licence };
}

describe("drafts", () => {
  it("saves one draft per owner and item, resumes it, lists and deletes it", async () => {
    const { item, actor, mat } = await world();
    const materials = [{ requirementCode: "application_form", materialId: mat.id }];
    await saveDraft(await ctxAs(actor), { itemCode: item.code, step: 1, formData: { applicantName: "王" } });
    const d = await saveDraft(await ctxAs(actor), {
      itemCode: item.code,
      step: 2,
      formData: FORM,
      materials,
    });
    expect(await counts(item.code)).toMatchObject({ drafts: 1 });
    expect(await getDraft(await ctxAs(actor), item.code)).toMatchObject({
      id: d.id,
      step: 2,
      formData: FORM,
      materials,
    });
    expect((await listMyDrafts(await ctxAs(actor))).map((x) => x.itemCode)).toContain(item.code);
    // Another person sees nothing of it.
    const other = await makePerson();
    expect(await getDraft(await ctxAs(personActor(other.id)), item.code)).toBeNull();
    await deleteDraft(await ctxAs(actor), item.code);
    expect(await getDraft(await ctxAs(actor), item.code)).toBeNull();
  });

  it("refuses someone else's material in a draft and writes nothing", async () => {
    const { item } = await world();
    const { mat } = await world();
    const stranger = await makePerson();
    await expect(
      saveDraft(await ctxAs(personActor(stranger.id)), {
        itemCode: item.code,
        materials: [{ requirementCode: "application_form", materialId: mat.id }],
      }),
    ).rejects.toMatchObject({ code: "VALIDATION", message: "所选材料不存在或不属于申请人" });
    expect(await counts(item.code)).toMatchObject({ drafts: 0 });
  });

  it("refuses staff signed in as staff and an item outside an agent's scope", async () => {
    const { item, dept } = await world();
    const clerk = await makePerson();
    const staff = personActor(clerk.id, { staff: { departmentId: dept.id, roles: ["clerk"] } });
    await expect(saveDraft(await ctxAs(staff), { itemCode: item.code })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(getApplyContext(await ctxAs(staff), item.code)).rejects.toThrow(/工作人员身份/);
    const rep = await makePerson();
    const ent = await makeEnterprise({ legalRepPersonId: rep.id });
    const agent = await makePerson();
    await grantMember(await ctxAs(), {
      enterpriseId: ent.id,
      personId: agent.id,
      role: "agent",
      scope: ["OTHER-ITEM-1"],
      validFrom: "2026-01-01",
    });
    const agentActor = personActor(agent.id, { actingFor: { enterpriseId: ent.id, role: "agent" } });
    await expect(saveDraft(await ctxAs(agentActor), { itemCode: item.code })).rejects.toThrow(/授权范围/);
    await expect(getApplyContext(await ctxAs(agentActor), item.code)).rejects.toThrow(/授权范围/);
    await expect(
      submitApplication(await ctxAs(agentActor), { itemCode: item.code, formData: FORM }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await counts(item.code)).toEqual({ cases: 0, drafts: 0 });
  });
});

describe("apply context", () => {
  it("prefills an enterprise's registry facts and lists the holder's valid results", async () => {
    const dept = await makeDepartment();
    const base = itemDefinition(dept.code);
    const item = await makeServiceItem(dept.code, {
      subjectTypes: ["enterprise"],
      formSchema: {
        type: "object",
        properties: {
          enterpriseName: { type: "string" },
          uscc: { type: "string" },
          legalRepName: { type: "string" },
          address: { type: "string" },
        },
      },
      materials: [base.materials[0]],
    });
    const rep = await makePerson({ name: "赵法人" });
    const ent = await makeEnterprise({ legalRepPersonId: rep.id });
    const v = await getApplyContext(
      await ctxAs(personActor(rep.id, { actingFor: { enterpriseId: ent.id, role: "legal_rep" } })),
      item.code,
    );
    expect(v.prefill).toEqual({
      enterpriseName: ent.name,
      uscc: ent.uscc,
      legalRepName: "赵法人",
      address: ent.address,
    });
    expect(v.applicant).toMatchObject({ type: "enterprise", uscc: ent.uscc, legalRepName: "赵法人" });
  });

  it("shows a person their masked ID only, their library and reusable results", async () => {
    const { item, p, actor, mat, licence } = await world();
    const v = await getApplyContext(await ctxAs(actor), item.code);
    expect(v.applicant).toEqual({
      type: "person",
      name: "王小明",
      idNumberMasked: expect.stringContaining("*"),
    });
    expect(JSON.stringify(v)).not.toContain(p.idNumber);
    expect(v.prefill).toMatchObject({ applicantName: "王小明" });
    expect(v.library.map((m) => m.id)).toContain(mat.id);
    expect(v.results.map((r) => r.id)).toEqual([licence.id]);
  });
});

describe("submitApplication", () => {
  it("files the case with a consented result and an upload, and deletes the draft", async () => {
    const { item, actor, licence } = await world();
    const up = await uploadForApplication(
      await ctxAs(actor),
      { itemCode: item.code, requirementCode: "application_form", filename: "申请书.pdf" },
      pdf(),
    );
    expect(up).toMatchObject({
      requirementCode: "application_form",
      title: "申请书",
      mimeType: "application/pdf",
    });
    await saveDraft(await ctxAs(actor), { itemCode: item.code, formData: FORM });
    const materials = [
      { requirementCode: "application_form", materialId: up.id },
      { requirementCode: "licence_copy", resultId: licence.id, consent: true },
    ];
    const c = await submitApplication(await ctxAs(actor), { itemCode: item.code, formData: FORM, materials });
    expect(c).toMatchObject({ status: "submitted", channel: "online", applicantType: "person" });
    expect(c.materials).toHaveLength(2);
    expect(await counts(item.code)).toEqual({ cases: 1, drafts: 0 });
    const [row] = await (await testCtx()).em
      .getConnection()
      .execute("select reuse_consent_at from case_material where case_id = ? and result_id is not null", [
        c.id,
      ]);
    expect(row.reuse_consent_at).not.toBeNull();
  });

  it("refuses bad input and writes nothing (the draft stays)", async () => {
    const { item, actor, mat, licence, typeCode, p } = await world();
    await saveDraft(await ctxAs(actor), { itemCode: item.code, formData: FORM });
    const good = { requirementCode: "application_form", materialId: mat.id };
    const other = await world();
    const cases: [unknown[], Record<string, unknown>, RegExp][] = [
      [[good, { requirementCode: "licence_copy", resultId: licence.id, consent: false }], FORM, /同意/],
      [[{ requirementCode: "application_form", materialId: other.mat.id }], FORM, /不属于申请人/],
      [
        [good, { requirementCode: "licence_copy", resultId: other.licence.id, consent: true }],
        FORM,
        /不属于申请人/,
      ],
      [[good], { applicantName: "王小明", contactPhone: "12" }, /联系电话/],
      [[], FORM, /缺少材料/],
    ];
    for (const [materials, formData, message] of cases) {
      await expect(
        submitApplication(await ctxAs(actor), { itemCode: item.code, formData, materials } as never),
      ).rejects.toThrow(message);
    }
    // An expired result, then a revoked one.
    const expired = await issueResult(await ctxAs(), {
      resultTypeCode: typeCode,
      holder: { type: "person", personId: p.id },
      data: {},
      validFrom: "2024-01-01",
      validTo: "2025-01-01",
    });
    await revokeResult(await ctxAs(), { resultId: licence.id, reason: "测试撤销" });
    for (const id of [expired.id, licence.id]) {
      await expect(
        submitApplication(await ctxAs(actor), {
          itemCode: item.code,
          formData: FORM,
          materials: [good, { requirementCode: "licence_copy", resultId: id, consent: true }],
        }),
      ).rejects.toThrow(/证照已失效/);
    }
    expect(await counts(item.code)).toEqual({ cases: 0, drafts: 1 });
  });

  it("refuses a wrongly typed or oversized upload and stores nothing", async () => {
    const { item, actor } = await world();
    const input = { itemCode: item.code, requirementCode: "application_form", filename: "x.pdf" };
    await expect(uploadForApplication(await ctxAs(actor), input, Buffer.from("hello"))).rejects.toMatchObject(
      {
        code: "UNSUPPORTED_MEDIA_TYPE",
      },
    );
    const big = Buffer.alloc(20 * 1024 * 1024 + 1);
    big.write("%PDF-1.4");
    await expect(uploadForApplication(await ctxAs(actor), input, big)).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    await expect(
      uploadForApplication(await ctxAs(actor), { ...input, requirementCode: "not_required" }, pdf()),
    ).rejects.toThrow(/不要求/);
  });
});
