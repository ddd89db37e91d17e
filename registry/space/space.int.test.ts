import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalStorage, sqlRows } from "../../platform/index.ts";
import { listMyCases } from "../cases/list-my-cases.ts";
import { submitCase } from "../cases/submit-case.ts";
import { listMyCommitments } from "../cases/verification-tasks.ts";
import { type Actor, SYSTEM } from "../context.ts";
import { issueResult } from "../results/issue-result.ts";
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
import { deleteMyMaterial, listMyLibrary, myMaterialDownloadUrl, uploadMyMaterial } from "./my-library.ts";
import {
  inviteMember,
  listMyEnterpriseMembers,
  lookupInvitee,
  revokeMyEnterpriseMember,
} from "./my-members.ts";
import {
  countUnreadMessages,
  listMyMessages,
  markCaseMessagesRead,
  markMessagesRead,
} from "./my-messages.ts";
import { getMyResult, listMyResults } from "./my-results.ts";
import { getSpaceOverview } from "./space-overview.ts";

const NOW = new Date("2026-03-02T02:00:00Z");
let root = "";
let storage: LocalStorage;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "tongban-space-"));
  storage = new LocalStorage({
    root,
    secret: "space-test-secret-0123456789abcdef",
    baseUrl: "http://localhost",
  });
  await storage.ensureReady();
});

afterAll(async () => {
  await closeTestOrm();
  if (root) await rm(root, { recursive: true, force: true });
});

async function as(actor: Actor) {
  return { ...(await testCtx(actor, NOW)), storage };
}

const pdf = () => Buffer.from(`%PDF-1.4\n% ${unique()}\n%%EOF\n`, "latin1");

async function count(table: string): Promise<number> {
  const [r] = await sqlRows<{ n: number }>((await testCtx()).em, `select count(*)::int as n from ${table}`);
  return r!.n;
}

/** Two individuals, each with a case of a fresh item, a licence and a stored material. */
async function world() {
  const dept = await makeDepartment();
  const licence = `TEST_LICENSE_${unique()}`;
  const item = await makeServiceItem(dept.code, {
    resultType: { code: licence, name: "测试许可证", validMonths: 12 },
    materials: itemDefinition(dept.code).materials.map((m) => ({ ...m, required: false })),
  });
  const mk = async (name: string) => {
    const p = await makePerson({ name });
    const actor = personActor(p.id, { name });
    const c = await submitCase(await as(actor), {
      itemCode: item.code,
      applicant: { type: "person" },
      formData: { applicantName: name, contactPhone: "13912345678" },
    });
    const m = await uploadMyMaterial(
      await as(actor),
      { title: "营业执照复印件", filename: "a.pdf", validUntil: "2026-03-20" },
      pdf(),
    );
    const r = await issueResult(await testCtx(SYSTEM, NOW), {
      resultTypeCode: licence,
      holder: { type: "person", personId: p.id },
      data: { 持证人: name },
      validFrom: "2025-03-20",
      validTo: "2026-03-25",
    });
    return { person: p, actor, caseId: c.id, materialId: m.id, resultId: r.id };
  };
  return { item, a: await mk("甲申请"), b: await mk("乙申请") };
}

describe("the space of an individual", () => {
  it("overview counts, expiring items and cases filtered by status, item and date", async () => {
    const w = await world();
    const o = await getSpaceOverview(await as(w.a.actor));
    expect(o.counts).toEqual({ submitted: 1 });
    expect(o.expiring.map((e) => e.kind).sort()).toEqual(["material", "result"]);
    const ctx = await as(w.a.actor);
    expect((await listMyCases(ctx, { filter: { status: "submitted", itemCode: w.item.code } })).total).toBe(
      1,
    );
    expect((await listMyCases(ctx, { filter: { status: "concluded" } })).total).toBe(0);
    expect((await listMyCases(ctx, { filter: { from: "2020-01-01", to: "2020-01-31" } })).total).toBe(0);
    await expect(
      listMyCases(ctx, { filter: { from: "2026-03-05", to: "2026-03-01" } }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
    });
    await expect(listMyCases(ctx, { filter: { status: "nope" as never } })).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });

  it("messages: unread counts, marks only the actor's own events", async () => {
    const w = await world();
    const msgs = await listMyMessages(await as(w.a.actor));
    expect(msgs.length).toBeGreaterThan(0);
    expect(msgs.every((m) => m.caseId === w.a.caseId && !m.read)).toBe(true);
    expect(await countUnreadMessages(await as(w.a.actor))).toBe(msgs.length);
    // B guesses A's event ids: nothing is written, A's count is untouched.
    const before = await count("message_read");
    expect(
      await markMessagesRead(
        await as(w.b.actor),
        msgs.map((m) => m.id),
      ),
    ).toBe(0);
    expect(await count("message_read")).toBe(before);
    expect(await markMessagesRead(await as(w.a.actor), [msgs[0]!.id])).toBe(1);
    expect(await countUnreadMessages(await as(w.a.actor))).toBe(msgs.length - 1);
    await markMessagesRead(await as(w.a.actor), "all");
    expect(await countUnreadMessages(await as(w.a.actor))).toBe(0);
    expect((await listMyMessages(await as(w.a.actor))).every((m) => m.read)).toBe(true);
    await expect(markMessagesRead(await as(w.a.actor), ["x1"])).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("library: versions, signed download, delete refused while in use, other people's ids are not found", async () => {
    const w = await world();
    const v2 = await uploadMyMaterial(
      await as(w.a.actor),
      { title: "营业执照复印件", filename: "b.pdf", supersedesId: w.a.materialId },
      pdf(),
    );
    const lib = await listMyLibrary(await as(w.a.actor));
    expect(lib).toHaveLength(1);
    expect(lib[0]).toMatchObject({ id: v2.id, version: 2, trustLevel: "C" });
    expect(lib[0]!.history.map((h) => h.id)).toEqual([w.a.materialId]);
    expect(await myMaterialDownloadUrl(await as(w.a.actor), w.a.materialId)).toMatch(
      /^http:\/\/localhost\/files\//,
    );

    const before = await count("material");
    await expect(myMaterialDownloadUrl(await as(w.b.actor), w.a.materialId)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(deleteMyMaterial(await as(w.b.actor), w.a.materialId)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      uploadMyMaterial(
        await as(w.b.actor),
        { title: "冒名更新", filename: "c.pdf", supersedesId: v2.id },
        pdf(),
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      uploadMyMaterial(
        await as(w.a.actor),
        { title: "图片", filename: "x.png" },
        Buffer.from("GIF89a........"),
      ),
    ).rejects.toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    expect(await count("material")).toBe(before);

    // In use by a case in progress: refused with a clear message.
    await submitCase(await as(w.a.actor), {
      itemCode: w.item.code,
      applicant: { type: "person" },
      formData: { applicantName: "甲申请", contactPhone: "13912345678" },
      materials: [{ requirementCode: "application_form", materialId: v2.id }],
    });
    await expect(deleteMyMaterial(await as(w.a.actor), v2.id)).rejects.toMatchObject({
      code: "INVALID_STATE",
      message: "该材料正被办理中的办件使用，暂不能删除",
    });
  });

  it("results: list and detail of one's own; another person's id is not found", async () => {
    const w = await world();
    expect((await listMyResults(await as(w.a.actor))).map((r) => r.id)).toEqual([w.a.resultId]);
    const r = await getMyResult(await as(w.a.actor), w.a.resultId);
    expect(r.certificate.holderIdType).toBeTruthy();
    await expect(getMyResult(await as(w.b.actor), w.a.resultId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getMyResult(await as(w.b.actor), "not-a-uuid")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("enterprise members", () => {
  it("the legal representative invites, lists and revokes; agents and strangers are refused", async () => {
    const rep = await makePerson({ name: "王法人" });
    const ent = await makeEnterprise({ legalRepPersonId: rep.id });
    const repActor = personActor(rep.id, { actingFor: { enterpriseId: ent.id, role: "legal_rep" } });
    const invitee = await makePerson({ name: "赵经办" });

    const preview = await lookupInvitee(await as(repActor), invitee.idNumber);
    expect(preview).toEqual({
      nameMasked: "赵**",
      idNumberMasked: invitee.idNumberMasked,
      phoneMasked: invitee.phoneMasked,
    });
    await expect(lookupInvitee(await as(repActor), "320999199001011234")).rejects.toMatchObject({
      code: "VALIDATION",
    });

    const m = await inviteMember(await as(repActor), {
      who: invitee.phone,
      role: "agent",
      scope: "all",
      validFrom: "2026-03-01",
      validTo: "2026-12-31",
    });
    expect(m).toMatchObject({ role: "agent", state: "active" });

    const agentActor = personActor(invitee.id, { actingFor: { enterpriseId: ent.id, role: "agent" } });
    await expect(listMyEnterpriseMembers(await as(agentActor))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(lookupInvitee(await as(agentActor), rep.idNumber)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });

    // Another enterprise's admin guessing this member id: not found, nothing written.
    const other = await makeEnterprise();
    const otherRep = personActor(other.legalRep.id, {
      actingFor: { enterpriseId: other.id, role: "legal_rep" },
    });
    const audits = await count("audit_log");
    await expect(
      revokeMyEnterpriseMember(await as(otherRep), { memberId: m.id, reason: "越权" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      inviteMember(await as(repActor), {
        who: "12345",
        role: "agent",
        scope: "all",
        validFrom: "2026-03-01",
        validTo: null,
      }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      inviteMember(await as(repActor), {
        who: rep.idNumber,
        role: "agent",
        scope: ["NOPE-0000"],
        validFrom: "2026-03-01",
        validTo: null,
      }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await count("audit_log")).toBe(audits);

    await revokeMyEnterpriseMember(await as(repActor), { memberId: m.id, reason: "离职" });
    const list = await listMyEnterpriseMembers(await as(repActor));
    expect(list.find((x) => x.id === m.id)).toMatchObject({ state: "revoked", revokeReason: "离职" });
    expect(list.find((x) => x.person.id === rep.id)?.state).toBe("active");

    // A person acting as themself has no members page.
    await expect(listMyEnterpriseMembers(await as(personActor(rep.id)))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});

describe("applicant-side commitments, message paging and read-on-open", () => {
  it("lists a 告知承诺 only within the applicant scope; pages messages back; opening a case reads it", async () => {
    const dept = await makeDepartment();
    const item = await makeServiceItem(dept.code, {
      materials: itemDefinition(dept.code).materials.map((m) => ({ ...m, required: false })),
    });
    const rep = await makePerson({ name: "严法人" });
    const ent = await makeEnterprise({ legalRepPersonId: rep.id });
    const repActor = personActor(rep.id, { actingFor: { enterpriseId: ent.id, role: "legal_rep" } });
    const submit = async () =>
      submitCase(await as(repActor), {
        itemCode: item.code,
        applicant: { type: "enterprise", enterpriseId: ent.id },
        formData: { applicantName: ent.name, contactPhone: "13912345678" },
      });
    const c1 = await submit();
    const c2 = await submit();
    const em = (await testCtx()).em;
    await sqlRows(
      em,
      `insert into verification_task (id, case_id, department_id, commitment_text, due_on, status, created_at)
       values (?, ?, ?, '承诺具备场所条件', '2026-02-20', 'open', ?)`,
      [crypto.randomUUID(), c1.id, dept.id, NOW],
    );
    const mine = await listMyCommitments(await as(repActor));
    expect(mine).toEqual([
      expect.objectContaining({ caseId: c1.id, status: "open", dueOn: "2026-02-20", overdue: true }),
    ]);
    expect(await listMyCommitments(await as(repActor), { caseId: c2.id })).toEqual([]);
    const o = await getSpaceOverview(await as(repActor));
    expect(o.waiting).toContainEqual(
      expect.objectContaining({ id: c1.id, reason: "commitment", dueOn: "2026-02-20" }),
    );

    // An agent whose scope leaves the item out, and the legal rep acting as themself, see nothing.
    const agent = await makePerson({ name: "柏经办" });
    await inviteMember(await as(repActor), {
      who: agent.idNumber,
      role: "agent",
      scope: [(await makeServiceItem(dept.code)).code],
      validFrom: "2026-01-01",
      validTo: null,
    });
    const agentActor = personActor(agent.id, { actingFor: { enterpriseId: ent.id, role: "agent" } });
    expect(await listMyCommitments(await as(agentActor))).toEqual([]);
    expect(await listMyCommitments(await as(personActor(rep.id)))).toEqual([]);
    await expect(listMyCommitments(await as(repActor), { caseId: "x" })).rejects.toMatchObject({
      code: "VALIDATION",
    });

    // Messages: newest first, `before` pages back.
    const newest = await listMyMessages(await as(repActor), { limit: 1 });
    expect(newest.map((m) => m.caseId)).toEqual([c2.id]);
    const older = await listMyMessages(await as(repActor), { limit: 5, before: newest[0]!.id });
    expect(older.map((m) => m.caseId)).toEqual([c1.id]);
    await expect(listMyMessages(await as(repActor), { before: "x" })).rejects.toMatchObject({
      code: "VALIDATION",
    });

    // Opening c1 reads c1's message only; the agent (out of scope) marks nothing.
    expect(await markCaseMessagesRead(await as(agentActor), c1.id)).toBe(0);
    expect(await countUnreadMessages(await as(repActor))).toBe(2);
    expect(await markCaseMessagesRead(await as(repActor), c1.id)).toBe(1);
    expect(await markCaseMessagesRead(await as(repActor), c1.id)).toBe(0);
    expect(await countUnreadMessages(await as(repActor))).toBe(1);
    await expect(markCaseMessagesRead(await as(repActor), "nope")).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });
});
