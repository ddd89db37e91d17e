import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OptimisticLockError, UniqueConstraintViolationException } from "@mikro-orm/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalStorage } from "../../platform/index.ts";
import type { TServiceItemInput } from "../catalog/catalog.schema.ts";
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
import { appendCaseEvent } from "./append-case-event.ts";
import { Case } from "./case.entity.ts";
import { getCase } from "./get-case.ts";
import { eventHash } from "./hash-chain.ts";
import { submitCase } from "./submit-case.ts";
import { verifyCaseEvents } from "./verify-case-events.ts";

// 2026-03-03 01:30 in China, still 03-02 in UTC: case numbers must use the China day.
const NOW = new Date("2026-03-02T17:30:00Z");
const DAY = "20260303";
const GOOD_FORM = { applicantName: "张三丰", contactPhone: "13912345678" };

let root = "";
let storage: LocalStorage;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "tongban-cases-"));
  storage = new LocalStorage({ root, secret: "cases-test-secret-0123456789", baseUrl: "http://localhost" });
  await storage.ensureReady();
});

afterAll(async () => {
  await closeTestOrm();
  if (root) await rm(root, { recursive: true, force: true });
});

async function ctxAs(actor: Actor = SYSTEM, now = NOW) {
  return { ...(await testCtx(actor, now)), storage };
}

async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return (await testCtx()).em.getConnection().execute(query, params);
}

/** A small PDF stored in the owner's library by the owner (or whoever acts for it). */
async function storePdf(
  actor: Actor,
  owner: { type: "person"; personId: string } | { type: "enterprise"; enterpriseId: string },
) {
  const body = Buffer.from(`%PDF-1.4\n% test ${unique()}\n%%EOF\n`, "latin1");
  return storeMaterial(await ctxAs(actor), { owner, title: "申请书", filename: "申请书.pdf" }, body);
}

/** A department with a person-only item (form: applicantName, contactPhone; material application_form). */
async function personItem(overrides: Partial<TServiceItemInput> = {}) {
  const dept = await makeDepartment();
  const item = await makeServiceItem(dept.code, { subjectTypes: ["person"], ...overrides });
  return { dept, item };
}

async function applicantWithForm() {
  const p = await makePerson({ name: "张三丰" });
  const actor = personActor(p.id);
  const mat = await storePdf(actor, { type: "person", personId: p.id });
  return { p, actor, mat };
}

async function countsFor(itemCode: string, departmentCode: string) {
  const [row] = await sql<{ cases: number; events: number; materials: number; outbox: number }>(
    `select
       (select count(*)::int from case_file c join service_item i on i.id = c.item_id where i.code = ?) as cases,
       (select count(*)::int from case_event e join case_file c on c.id = e.case_id
          join service_item i on i.id = c.item_id where i.code = ?) as events,
       (select count(*)::int from case_material m join case_file c on c.id = m.case_id
          join service_item i on i.id = c.item_id where i.code = ?) as materials,
       (select count(*)::int from outbox where topic = 'case.submitted' and payload->>'departmentCode' = ?) as outbox`,
    [itemCode, itemCode, itemCode, departmentCode],
  );
  return row;
}

/** An item issuing a licence type, and an enterprise-only item whose licence_copy accepts that licence. */
async function reuseWorld() {
  const issuer = await makeDepartment();
  const typeCode = `TEST_LICENSE_${unique()}`;
  await makeServiceItem(issuer.code, {
    resultType: { code: typeCode, name: "测试许可证", validMonths: 12 },
  });
  const dept = await makeDepartment();
  const base = itemDefinition(dept.code);
  const item = await makeServiceItem(dept.code, {
    subjectTypes: ["enterprise"],
    materials: [{ ...base.materials[1], required: true, acceptedResultTypes: [typeCode] }],
  });
  const rep = await makePerson({ name: "法人代表" });
  const ent = await makeEnterprise({ legalRepPersonId: rep.id });
  const repActor = personActor(rep.id, { actingFor: { enterpriseId: ent.id, role: "legal_rep" } });
  const licence = await issueResult(await ctxAs(SYSTEM), {
    resultTypeCode: typeCode,
    holder: { type: "enterprise", enterpriseId: ent.id },
    data: { 名称: ent.name },
    validFrom: "2026-01-01",
  });
  return { issuer, typeCode, dept, item, rep, ent, repActor, licence };
}

describe("submitCase as a person", () => {
  it("numbers cases by department and China day, records the event and the outbox row", async () => {
    const { dept, item } = await personItem();
    const { p, actor, mat } = await applicantWithForm();
    const input = {
      itemCode: item.code,
      applicant: { type: "person" as const },
      formData: GOOD_FORM,
      materials: [{ requirementCode: "application_form", materialId: mat.id }],
    };
    const first = await submitCase(await ctxAs(actor), input);
    const second = await submitCase(await ctxAs(actor, new Date("2026-03-03T09:00:00Z")), input);
    expect(first.caseNo).toMatch(new RegExp(`^${dept.code}-\\d{8}-\\d{6}$`));
    expect(first.caseNo).toBe(`${dept.code}-${DAY}-000001`);
    expect(second.caseNo).toBe(`${dept.code}-${DAY}-000002`);
    expect(first).toMatchObject({
      itemCode: item.code,
      itemVersion: 1,
      departmentCode: dept.code,
      applicantType: "person",
      applicantName: p.name,
      status: "submitted",
      channel: "online",
      submittedAt: NOW.toISOString(),
      acceptedAt: null,
      decision: null,
      formData: GOOD_FORM,
      materials: [{ requirementCode: "application_form", materialId: mat.id, resultId: null }],
    });

    const events = await sql<{ seq: number; stage: string; action: string; actor_id: string }>(
      "select seq, stage, action, actor_id from case_event where case_id = ? order by seq",
      [first.id],
    );
    expect(events).toEqual([{ seq: 1, stage: "网上申报/接件", action: "submit", actor_id: p.id }]);
    const outbox = await sql<{ payload: Record<string, unknown>; dispatched_at: Date | null }>(
      "select payload, dispatched_at from outbox where topic = 'case.submitted' and payload->>'caseId' = ?",
      [first.id],
    );
    expect(outbox).toHaveLength(1);
    expect(outbox[0].payload).toEqual({ caseId: first.id, caseNo: first.caseNo, departmentCode: dept.code });
    expect((await verifyCaseEvents(await ctxAs(), first.id)).ok).toBe(true);
  });

  it("rejects bad form data with formData.* paths and writes no case, event or outbox row", async () => {
    const { dept, item } = await personItem();
    const { actor, mat } = await applicantWithForm();
    const before = await countsFor(item.code, dept.code);
    const err = await submitCase(await ctxAs(actor), {
      itemCode: item.code,
      applicant: { type: "person" },
      formData: { contactPhone: "12345" },
      materials: [{ requirementCode: "application_form", materialId: mat.id }],
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "VALIDATION" });
    const paths = (err as { details: { path: string }[] }).details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["formData.applicantName", "formData.contactPhone"]));
    expect(paths.every((x) => x.startsWith("formData."))).toBe(true);
    expect(await countsFor(item.code, dept.code)).toEqual(before);
    expect(before).toEqual({ cases: 0, events: 0, materials: 0, outbox: 0 });

    // A rejected submission does not use up a case number.
    const ok = await submitCase(await ctxAs(actor), {
      itemCode: item.code,
      applicant: { type: "person" },
      formData: GOOD_FORM,
      materials: [{ requirementCode: "application_form", materialId: mat.id }],
    });
    expect(ok.caseNo).toBe(`${dept.code}-${DAY}-000001`);
  });

  it("requires the required materials", async () => {
    const { dept, item } = await personItem();
    const { actor } = await applicantWithForm();
    await expect(
      submitCase(await ctxAs(actor), {
        itemCode: item.code,
        applicant: { type: "person" },
        formData: GOOD_FORM,
      }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      details: [{ path: "materials.application_form", message: "缺少材料：申请书" }],
    });
    expect(await countsFor(item.code, dept.code)).toEqual({ cases: 0, events: 0, materials: 0, outbox: 0 });
  });

  it("refuses a material that belongs to someone else", async () => {
    const { dept, item } = await personItem();
    const { actor } = await applicantWithForm();
    const { mat: theirs } = await applicantWithForm();
    await expect(
      submitCase(await ctxAs(actor), {
        itemCode: item.code,
        applicant: { type: "person" },
        formData: GOOD_FORM,
        materials: [{ requirementCode: "application_form", materialId: theirs.id }],
      }),
    ).rejects.toMatchObject({ code: "VALIDATION", details: [{ path: "materials.application_form" }] });
    expect((await countsFor(item.code, dept.code)).cases).toBe(0);
  });

  it("refuses a person applying for an enterprise-only item", async () => {
    const { item } = await personItem({ subjectTypes: ["enterprise"] });
    const { actor, mat } = await applicantWithForm();
    await expect(
      submitCase(await ctxAs(actor), {
        itemCode: item.code,
        applicant: { type: "person" },
        formData: GOOD_FORM,
        materials: [{ requirementCode: "application_form", materialId: mat.id }],
      }),
    ).rejects.toMatchObject({ code: "VALIDATION", message: "该事项仅面向企业办理" });
  });
});

describe("once-only reuse of results", () => {
  it("accepts a held licence of an accepted type with consent and records the consent time", async () => {
    const w = await reuseWorld();
    const c = await submitCase(await ctxAs(w.repActor), {
      itemCode: w.item.code,
      applicant: { type: "enterprise", enterpriseId: w.ent.id },
      formData: { applicantName: w.ent.name, contactPhone: "13812345678" },
      materials: [{ requirementCode: "licence_copy", resultId: w.licence.id, consent: true }],
    });
    expect(c).toMatchObject({
      applicantType: "enterprise",
      applicantName: w.ent.name,
      materials: [{ requirementCode: "licence_copy", materialId: null, resultId: w.licence.id }],
    });
    const rows = await sql<{ result_id: string; material_id: string | null; reuse_consent_at: Date }>(
      "select result_id, material_id, reuse_consent_at from case_material where case_id = ?",
      [c.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ result_id: w.licence.id, material_id: null });
    expect(new Date(rows[0].reuse_consent_at).toISOString()).toBe(NOW.toISOString());
  });

  it("needs the applicant's consent", async () => {
    const w = await reuseWorld();
    for (const consent of [undefined, false]) {
      await expect(
        submitCase(await ctxAs(w.repActor), {
          itemCode: w.item.code,
          applicant: { type: "enterprise", enterpriseId: w.ent.id },
          formData: { applicantName: w.ent.name, contactPhone: "13812345678" },
          materials: [{ requirementCode: "licence_copy", resultId: w.licence.id, consent } as never],
        }),
      ).rejects.toMatchObject({ code: "VALIDATION" });
    }
    expect((await countsFor(w.item.code, w.dept.code)).cases).toBe(0);
  });

  it("refuses a revoked licence", async () => {
    const w = await reuseWorld();
    await revokeResult(await ctxAs(SYSTEM), { resultId: w.licence.id, reason: "依法撤销" });
    await expect(
      submitCase(await ctxAs(w.repActor), {
        itemCode: w.item.code,
        applicant: { type: "enterprise", enterpriseId: w.ent.id },
        formData: { applicantName: w.ent.name, contactPhone: "13812345678" },
        materials: [{ requirementCode: "licence_copy", resultId: w.licence.id, consent: true }],
      }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      details: [{ path: "materials.licence_copy", message: "营业执照复印件：证照已失效" }],
    });
    expect((await countsFor(w.item.code, w.dept.code)).cases).toBe(0);
  });

  it("refuses an expired licence, another holder's licence and a licence of another type", async () => {
    const w = await reuseWorld();
    const submit = async (resultId: string) =>
      submitCase(await ctxAs(w.repActor), {
        itemCode: w.item.code,
        applicant: { type: "enterprise", enterpriseId: w.ent.id },
        formData: { applicantName: w.ent.name, contactPhone: "13812345678" },
        materials: [{ requirementCode: "licence_copy", resultId, consent: true }],
      });
    const expired = await issueResult(await ctxAs(SYSTEM), {
      resultTypeCode: w.typeCode,
      holder: { type: "enterprise", enterpriseId: w.ent.id },
      data: {},
      validFrom: "2025-01-01",
      validTo: "2026-03-02",
    });
    await expect(submit(expired.id)).rejects.toMatchObject({
      code: "VALIDATION",
      details: [{ message: "营业执照复印件：证照已失效" }],
    });
    const otherEnt = await makeEnterprise();
    const theirs = await issueResult(await ctxAs(SYSTEM), {
      resultTypeCode: w.typeCode,
      holder: { type: "enterprise", enterpriseId: otherEnt.id },
      data: {},
      validFrom: "2026-01-01",
    });
    await expect(submit(theirs.id)).rejects.toMatchObject({
      code: "VALIDATION",
      details: [{ message: "营业执照复印件：证照不存在或不属于申请人" }],
    });
    const otherType = `TEST_OTHER_${unique()}`;
    await makeServiceItem(w.issuer.code, {
      resultType: { code: otherType, name: "其他证照", validMonths: null },
    });
    const wrongType = await issueResult(await ctxAs(SYSTEM), {
      resultTypeCode: otherType,
      holder: { type: "enterprise", enterpriseId: w.ent.id },
      data: {},
      validFrom: "2026-01-01",
    });
    await expect(submit(wrongType.id)).rejects.toMatchObject({
      code: "VALIDATION",
      details: [{ message: "营业执照复印件：该证照不能替代此材料" }],
    });
    expect((await countsFor(w.item.code, w.dept.code)).cases).toBe(0);
  });
});

describe("submitCase for an enterprise", () => {
  it("refuses an agent whose scope does not include the item", async () => {
    const w = await reuseWorld();
    const agent = await makePerson();
    await grantMember(await ctxAs(w.repActor), {
      enterpriseId: w.ent.id,
      personId: agent.id,
      role: "agent",
      scope: [`T-${unique()}`],
      validFrom: "2026-01-01",
    });
    const agentActor = personActor(agent.id, { actingFor: { enterpriseId: w.ent.id, role: "agent" } });
    const input = {
      itemCode: w.item.code,
      applicant: { type: "enterprise" as const, enterpriseId: w.ent.id },
      formData: { applicantName: w.ent.name, contactPhone: "13812345678" },
      materials: [{ requirementCode: "licence_copy", resultId: w.licence.id, consent: true as const }],
    };
    await expect(submitCase(await ctxAs(agentActor), input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    // A person who is no member at all is refused too.
    const stranger = await makePerson();
    await expect(submitCase(await ctxAs(personActor(stranger.id)), input)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect((await countsFor(w.item.code, w.dept.code)).cases).toBe(0);
    // The same agent with the item in scope may apply.
    const other = await makePerson();
    await grantMember(await ctxAs(w.repActor), {
      enterpriseId: w.ent.id,
      personId: other.id,
      role: "agent",
      scope: [w.item.code],
      validFrom: "2026-01-01",
    });
    const c = await submitCase(
      await ctxAs(personActor(other.id, { actingFor: { enterpriseId: w.ent.id, role: "agent" } })),
      input,
    );
    expect(c.status).toBe("submitted");
  });
});

describe("getCase", () => {
  it("shows a person's case only to the applicant, the handling department and administrators", async () => {
    const { dept, item } = await personItem();
    const { p, actor, mat } = await applicantWithForm();
    const c = await submitCase(await ctxAs(actor), {
      itemCode: item.code,
      applicant: { type: "person" },
      formData: GOOD_FORM,
      materials: [{ requirementCode: "application_form", materialId: mat.id }],
    });
    const other = await makePerson();
    const otherDept = await makeDepartment();
    const ent = await makeEnterprise({ legalRepPersonId: p.id });
    const hidden: Actor[] = [
      personActor(other.id),
      // The applicant acting for their enterprise is in the enterprise's space, not their own.
      personActor(p.id, { actingFor: { enterpriseId: ent.id, role: "legal_rep" } }),
      personActor(other.id, { staff: { departmentId: otherDept.id, roles: ["clerk", "approver"] } }),
      {
        type: "person",
        personId: p.id,
        name: "张三丰",
        staff: { departmentId: otherDept.id, roles: ["clerk"] },
      },
    ];
    for (const a of hidden) {
      await expect(getCase(await ctxAs(a), c.id), JSON.stringify(a)).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    }
    await expect(getCase(await ctxAs(personActor(p.id)), crypto.randomUUID())).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await getCase(await ctxAs(actor), c.id)).caseNo).toBe(c.caseNo);
    const clerk = await makePerson();
    const clerkActor = personActor(clerk.id, { staff: { departmentId: dept.id, roles: ["clerk"] } });
    expect((await getCase(await ctxAs(clerkActor), c.id)).id).toBe(c.id);
    expect((await getCase(await ctxAs(SYSTEM), c.id)).id).toBe(c.id);
  });

  it("shows an enterprise's case only to those who may act for it on that item", async () => {
    const w = await reuseWorld();
    const c = await submitCase(await ctxAs(w.repActor), {
      itemCode: w.item.code,
      applicant: { type: "enterprise", enterpriseId: w.ent.id },
      formData: { applicantName: w.ent.name, contactPhone: "13812345678" },
      materials: [{ requirementCode: "licence_copy", resultId: w.licence.id, consent: true }],
    });
    const otherEnt = await makeEnterprise();
    const otherRep = personActor(otherEnt.legalRep.id, {
      actingFor: { enterpriseId: otherEnt.id, role: "legal_rep" },
    });
    // Claiming to act for the enterprise is not enough without a membership.
    const pretender = await makePerson();
    const agent = await makePerson();
    await grantMember(await ctxAs(w.repActor), {
      enterpriseId: w.ent.id,
      personId: agent.id,
      role: "agent",
      scope: [`T-${unique()}`],
      validFrom: "2026-01-01",
    });
    const hidden: Actor[] = [
      otherRep,
      personActor(pretender.id, { actingFor: { enterpriseId: w.ent.id, role: "admin" } }),
      personActor(agent.id, { actingFor: { enterpriseId: w.ent.id, role: "agent" } }),
      // The legal representative outside the enterprise space.
      personActor(w.rep.id),
      personActor(pretender.id, { staff: { departmentId: w.issuer.id, roles: ["clerk"] } }),
    ];
    for (const a of hidden) {
      await expect(getCase(await ctxAs(a), c.id), JSON.stringify(a)).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    }
    expect((await getCase(await ctxAs(w.repActor), c.id)).id).toBe(c.id);
    const reviewer = await makePerson();
    expect(
      (
        await getCase(
          await ctxAs(personActor(reviewer.id, { staff: { departmentId: w.dept.id, roles: ["reviewer"] } })),
          c.id,
        )
      ).id,
    ).toBe(c.id);
  });
});

describe("case event hash chain", () => {
  async function caseWithEvents(extra: number) {
    const { item } = await personItem();
    const { actor, mat } = await applicantWithForm();
    const c = await submitCase(await ctxAs(actor), {
      itemCode: item.code,
      applicant: { type: "person" },
      formData: GOOD_FORM,
      materials: [{ requirementCode: "application_form", materialId: mat.id }],
    });
    const ctx = await ctxAs();
    await ctx.em.transactional(async (em) => {
      const row = await em.findOneOrFail(Case, { id: c.id });
      for (let i = 0; i < extra; i++) {
        appendCaseEvent(em, row, {
          stage: i === 0 ? "受理" : "审查",
          action: i === 0 ? "accept" : "review",
          actor: SYSTEM,
          at: new Date(NOW.getTime() + (i + 1) * 60_000),
          payload: { note: `第${i + 1}步`, nested: { b: 2, a: [1, "二"] } },
        });
      }
    });
    return c;
  }

  async function asReplica(statement: string, params: unknown[]) {
    const ctx = await testCtx();
    await ctx.em.transactional(async (em) => {
      const conn = em.getConnection();
      await conn.execute(
        "set local session_replication_role = replica",
        [],
        "run",
        em.getTransactionContext(),
      );
      await conn.execute(statement, params, "run", em.getTransactionContext());
    });
  }

  it("verifies a chain of appended events", async () => {
    const c = await caseWithEvents(3);
    expect(await verifyCaseEvents(await ctxAs(), c.id)).toEqual({
      caseNo: c.caseNo,
      events: 4,
      ok: true,
      brokenAt: null,
    });
    const rows = await sql<{ seq: number; prev_hash: string; hash: string }>(
      "select seq, prev_hash, hash from case_event where case_id = ? order by seq",
      [c.id],
    );
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(rows[0].prev_hash).toBe("0".repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
  });

  it("is append-only: the database refuses updates and deletes", async () => {
    const c = await caseWithEvents(1);
    const conn = (await testCtx()).em.getConnection();
    await expect(
      conn.execute(`update case_event set payload = '{"forged":true}'::jsonb where case_id = ? and seq = 1`, [
        c.id,
      ]),
    ).rejects.toThrow(/append-only/);
    await expect(
      conn.execute("delete from case_event where case_id = ? and seq = 2", [c.id]),
    ).rejects.toThrow(/append-only/);
    expect((await verifyCaseEvents(await ctxAs(), c.id)).ok).toBe(true);
  });

  it("detects a row edited behind the trigger's back", async () => {
    const c = await caseWithEvents(3);
    await asReplica(
      `update case_event set payload = '{"note":"篡改"}'::jsonb where case_id = ? and seq = 3`,
      [c.id],
    );
    expect(await verifyCaseEvents(await ctxAs(), c.id)).toEqual({
      caseNo: c.caseNo,
      events: 4,
      ok: false,
      brokenAt: { seq: 3, reason: "hash_mismatch" },
    });
  });

  it("detects an edit whose own hash was recomputed, at the next event", async () => {
    const c = await caseWithEvents(3);
    const [row] = await sql<{
      seq: number;
      stage: string;
      action: string;
      actor_type: string;
      actor_id: string | null;
      actor_name: string;
      at: Date;
      prev_hash: string;
    }>("select * from case_event where case_id = ? and seq = 2", [c.id]);
    const forged = { note: "篡改" };
    const hash = eventHash(row.prev_hash, {
      caseId: c.id,
      seq: row.seq,
      stage: row.stage,
      action: row.action,
      actorType: row.actor_type,
      actorId: row.actor_id,
      actorName: row.actor_name,
      at: new Date(row.at),
      payload: forged,
    });
    await asReplica("update case_event set payload = ?::jsonb, hash = ? where case_id = ? and seq = 2", [
      JSON.stringify(forged),
      hash,
      c.id,
    ]);
    expect(await verifyCaseEvents(await ctxAs(), c.id)).toMatchObject({
      ok: false,
      brokenAt: { seq: 3, reason: "prev_hash_mismatch" },
    });
  });

  it("detects a deleted event", async () => {
    const c = await caseWithEvents(3);
    await asReplica("delete from case_event where case_id = ? and seq = 2", [c.id]);
    const v = await verifyCaseEvents(await ctxAs(), c.id);
    expect(v.ok).toBe(false);
    expect(v.events).toBe(3);
    expect(v.brokenAt?.seq).toBe(2);
    expect(["prev_hash_mismatch", "sequence_gap"]).toContain(v.brokenAt?.reason);
  });

  it("detects a deleted last event through the case head", async () => {
    const c = await caseWithEvents(2);
    await asReplica("delete from case_event where case_id = ? and seq = 3", [c.id]);
    const v = await verifyCaseEvents(await ctxAs(), c.id);
    expect(v).toMatchObject({ ok: false, events: 2, brokenAt: { reason: "head_mismatch" } });
  });

  it("lets only one of two concurrent appends succeed", async () => {
    const c = await caseWithEvents(0);
    // Both transactions read the case head before either writes.
    let loaded = 0;
    let release: () => void = () => {};
    const bothLoaded = new Promise<void>((r) => {
      release = r;
    });
    const append = async (by: string) =>
      (await testCtx()).em.transactional(async (em) => {
        const row = await em.findOneOrFail(Case, { id: c.id });
        loaded += 1;
        if (loaded === 2) release();
        await bothLoaded;
        appendCaseEvent(em, row, {
          stage: "受理",
          action: "accept",
          actor: SYSTEM,
          at: NOW,
          payload: { by },
        });
      });
    const outcomes = await Promise.allSettled([append("A"), append("B")]);
    const won = outcomes.findIndex((o) => o.status === "fulfilled");
    const failed = outcomes.filter((o) => o.status === "rejected");
    expect(won).toBeGreaterThanOrEqual(0);
    expect(failed).toHaveLength(1);
    // The loser's event row collides on (case, seq) before its versioned case update is even sent.
    expect((failed[0] as PromiseRejectedResult).reason).toBeInstanceOf(UniqueConstraintViolationException);
    expect(await verifyCaseEvents(await ctxAs(), c.id)).toMatchObject({
      ok: true,
      events: 2,
      brokenAt: null,
    });
    const [second] = await sql<{ payload: { by: string } }>(
      "select payload from case_event where case_id = ? and seq = 2",
      [c.id],
    );
    expect(second.payload.by).toBe(won === 0 ? "A" : "B");
  });

  it("refuses to write a stale case head over a newer one (version check)", async () => {
    const c = await caseWithEvents(0);
    const staleCtx = await testCtx();
    const stale = await staleCtx.em.findOneOrFail(Case, { id: c.id });
    await (await testCtx()).em.transactional(async (em) => {
      const row = await em.findOneOrFail(Case, { id: c.id });
      appendCaseEvent(em, row, { stage: "受理", action: "accept", actor: SYSTEM, at: NOW });
    });
    stale.status = "accepted";
    await expect(staleCtx.em.flush()).rejects.toBeInstanceOf(OptimisticLockError);
    expect(await verifyCaseEvents(await ctxAs(), c.id)).toMatchObject({ ok: true, events: 2 });
    const [row] = await sql<{ status: string; event_count: number }>(
      "select status, event_count from case_file where id = ?",
      [c.id],
    );
    expect(row).toEqual({ status: "submitted", event_count: 2 });
  });
});
