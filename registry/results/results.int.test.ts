import { afterAll, describe, expect, it } from "vitest";
import { type Actor, SYSTEM } from "../context.ts";
import { grantMember } from "../enterprises/members.ts";
import {
  makeDepartment,
  makeEnterprise,
  makePerson,
  makeServiceItem,
  personActor,
  unique,
} from "../testing/factories.ts";
import { closeTestOrm, testCtx } from "../testing/test-env.ts";
import { issueResult, validityEnd } from "./issue-result.ts";
import { listResultsOfHolder, revokeResult } from "./query-results.ts";
import { Result } from "./result.entity.ts";

afterAll(closeTestOrm);

// 2026-03-02 10:00 in China.
const NOW = new Date("2026-03-02T02:00:00Z");

/** A department issuing a fresh licence type of `validMonths`. */
async function licenceType(validMonths: number | null = 12) {
  const dept = await makeDepartment();
  const code = `TEST_LICENSE_${unique()}`;
  await makeServiceItem(dept.code, { resultType: { code, name: "测试许可证", validMonths } });
  return { dept, code };
}

function staffOf(personId: string, departmentId: string, roles: string[]): Actor {
  return personActor(personId, { staff: { departmentId, roles } });
}

async function issueTo(
  code: string,
  holder: { type: "person"; personId: string } | { type: "enterprise"; enterpriseId: string },
  extra: { validFrom?: string; validTo?: string | null; actor?: Actor; now?: Date } = {},
) {
  return issueResult(await testCtx(extra.actor ?? SYSTEM, extra.now ?? NOW), {
    resultTypeCode: code,
    holder,
    data: { 持证人: "测试" },
    validFrom: extra.validFrom ?? "2026-03-01",
    ...(extra.validTo === undefined ? {} : { validTo: extra.validTo }),
  });
}

describe("validityEnd", () => {
  it.each([
    ["2026-03-01", 12, "2027-02-28"],
    ["2027-03-01", 12, "2028-02-29"],
    ["2026-03-15", 6, "2026-09-14"],
    ["2026-12-01", 1, "2026-12-31"],
    ["2026-01-28", 1, "2026-02-27"],
    // No 02-29/30/31 in the target month: valid through its last day, not a day short of it.
    ["2026-01-29", 1, "2026-02-28"],
    ["2026-01-31", 1, "2026-02-28"],
    ["2024-01-31", 1, "2024-02-29"],
    ["2024-02-29", 12, "2025-02-28"],
    ["2024-02-29", 48, "2028-02-28"],
    ["2026-03-31", 1, "2026-04-30"],
    ["2026-08-31", 6, "2027-02-28"],
  ])("%s + %i months is valid through %s", (from, months, end) => {
    expect(validityEnd(from, months)).toBe(end);
  });

  it("never ends before a validity that starts earlier", () => {
    let prev = "";
    for (let day = 1; day <= 31; day++) {
      const end = validityEnd(`2026-01-${String(day).padStart(2, "0")}`, 1);
      expect(end >= prev).toBe(true);
      prev = end;
    }
  });
});

describe("issueResult", () => {
  it("numbers results per type and year and derives the validity from the type", async () => {
    const { dept, code } = await licenceType(12);
    const p = await makePerson({ name: "持证人" });
    const first = await issueTo(code, { type: "person", personId: p.id });
    const second = await issueTo(code, { type: "person", personId: p.id }, { validFrom: "2026-01-31" });
    expect(first.number).toMatch(/^[A-Z]{2,10}-[A-Z][A-Z0-9_]+-\d{4}-\d{6}$/);
    expect(first.number).toBe(`${dept.code}-${code}-2026-000001`);
    expect(second.number).toBe(`${dept.code}-${code}-2026-000002`);
    expect(first).toMatchObject({
      resultTypeCode: code,
      name: "测试许可证",
      holderType: "person",
      holderId: p.id,
      holderName: "持证人",
      issuingDepartment: { code: dept.code, name: dept.name },
      issuedAt: NOW.toISOString(),
      validFrom: "2026-03-01",
      validTo: "2027-02-28",
      status: "valid",
      data: { 持证人: "测试" },
      caseId: null,
      certificate: { issuerCode: dept.uscc, holderIdType: "公民身份号码", jurisdictionCode: dept.regionCode },
    });
    expect(second.validTo).toBe("2027-01-30");
    // The year of the number is the China year of issue: 2026-12-31 17:00 UTC is 2027-01-01 in China.
    const nextYear = await issueTo(
      code,
      { type: "person", personId: p.id },
      { now: new Date("2026-12-31T17:00:00Z") },
    );
    expect(nextYear.number).toBe(`${dept.code}-${code}-2027-000001`);
  });

  it("takes an explicit end date, and none for a type without validity", async () => {
    const { code } = await licenceType(12);
    const ent = await makeEnterprise();
    const r = await issueTo(code, { type: "enterprise", enterpriseId: ent.id }, { validTo: "2026-06-30" });
    expect(r).toMatchObject({
      validTo: "2026-06-30",
      holderType: "enterprise",
      holderName: ent.name,
      certificate: { holderIdType: "统一社会信用代码" },
    });
    const forever = await licenceType(null);
    expect((await issueTo(forever.code, { type: "enterprise", enterpriseId: ent.id })).validTo).toBeNull();
    await expect(
      issueTo(code, { type: "enterprise", enterpriseId: ent.id }, { validTo: "2026-02-01" }),
    ).rejects.toMatchObject({ code: "VALIDATION", details: [{ path: "validTo" }] });
  });

  it("writes a result.issued outbox row and an audit row in the same transaction", async () => {
    const { code } = await licenceType();
    const p = await makePerson();
    const r = await issueTo(code, { type: "person", personId: p.id });
    const conn = (await testCtx()).em.getConnection();
    const outbox = await conn.execute<{ payload: Record<string, unknown> }[]>(
      "select payload from outbox where topic = 'result.issued' and payload->>'resultId' = ?",
      [r.id],
    );
    expect(outbox.map((o) => o.payload)).toEqual([
      { resultId: r.id, number: r.number, resultTypeCode: code },
    ]);
    const audit = await conn.execute(
      "select action from audit_log where subject_type = 'result' and subject_id = ?",
      [r.id],
    );
    expect(audit).toEqual([{ action: "result.issue" }]);
  });

  it("lets only the issuing department's approvers and clerks issue", async () => {
    const { dept, code } = await licenceType();
    const other = await makeDepartment();
    const holder = await makePerson();
    const staff = await makePerson();
    const before = await (await testCtx()).em.count(Result, { resultTypeCode: code });
    for (const actor of [
      staffOf(staff.id, other.id, ["approver", "clerk"]),
      staffOf(staff.id, dept.id, ["reviewer"]),
      personActor(holder.id),
    ]) {
      await expect(issueTo(code, { type: "person", personId: holder.id }, { actor })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    expect(await (await testCtx()).em.count(Result, { resultTypeCode: code })).toBe(before);
    const ok = await issueTo(
      code,
      { type: "person", personId: holder.id },
      { actor: staffOf(staff.id, dept.id, ["approver"]) },
    );
    // Refused attempts did not use up numbers.
    expect(ok.number.endsWith("-000001")).toBe(true);
  });

  it("lets every department with an item issuing the type issue it, numbered under its own code", async () => {
    const { dept, code } = await licenceType(12);
    const town = await makeDepartment();
    await makeServiceItem(town.code, { resultType: { code, name: "测试许可证", validMonths: 12 } });
    const holder = await makePerson();
    const staff = await makePerson();
    const fromTown = await issueTo(
      code,
      { type: "person", personId: holder.id },
      {
        actor: staffOf(staff.id, town.id, ["clerk"]),
      },
    );
    expect(fromTown).toMatchObject({
      issuingDepartment: { code: town.code },
      certificate: { issuerCode: town.uscc },
    });
    expect(fromTown.number).toMatch(new RegExp(`^${town.code}-${code}-2026-\\d{6}$`));
    const fromCity = await issueTo(
      code,
      { type: "person", personId: holder.id },
      {
        actor: staffOf(staff.id, dept.id, ["approver"]),
      },
    );
    expect(fromCity.number).toMatch(new RegExp(`^${dept.code}-${code}-2026-\\d{6}$`));
    expect(fromCity.number).not.toBe(fromTown.number);
  });

  it("refuses an unknown type and an unknown holder", async () => {
    const p = await makePerson();
    await expect(
      issueTo(`NO_SUCH_TYPE_${unique()}`, { type: "person", personId: p.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", details: [{ path: "resultTypeCode" }] });
    const { code } = await licenceType();
    await expect(
      issueTo(code, { type: "enterprise", enterpriseId: crypto.randomUUID() }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", details: [{ path: "holder" }] });
    expect(await (await testCtx()).em.count(Result, { resultTypeCode: code })).toBe(0);
  });
});

describe("listResultsOfHolder", () => {
  it("shows a person's results to that person only", async () => {
    const { code } = await licenceType();
    const p = await makePerson();
    const other = await makePerson();
    const r = await issueTo(code, { type: "person", personId: p.id });
    const mine = await listResultsOfHolder(await testCtx(personActor(p.id), NOW), {
      type: "person",
      personId: p.id,
    });
    expect(mine.map((x) => x.id)).toEqual([r.id]);
    const ent = await makeEnterprise({ legalRepPersonId: p.id });
    for (const actor of [
      personActor(other.id),
      personActor(p.id, { actingFor: { enterpriseId: ent.id, role: "legal_rep" } }),
    ]) {
      await expect(
        listResultsOfHolder(await testCtx(actor, NOW), { type: "person", personId: p.id }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(
      (await listResultsOfHolder(await testCtx(SYSTEM, NOW), { type: "person", personId: p.id })).map(
        (x) => x.id,
      ),
    ).toEqual([r.id]);
  });

  it("shows an enterprise's results to those acting for it, not to others", async () => {
    const { code } = await licenceType();
    const rep = await makePerson();
    const ent = await makeEnterprise({ legalRepPersonId: rep.id });
    const r = await issueTo(code, { type: "enterprise", enterpriseId: ent.id });
    const holder = { type: "enterprise" as const, enterpriseId: ent.id };
    const repActor = personActor(rep.id, { actingFor: { enterpriseId: ent.id, role: "legal_rep" } });
    expect((await listResultsOfHolder(await testCtx(repActor, NOW), holder)).map((x) => x.id)).toEqual([
      r.id,
    ]);

    const agent = await makePerson();
    await grantMember(await testCtx(repActor, NOW), {
      enterpriseId: ent.id,
      personId: agent.id,
      role: "agent",
      scope: [`T-${unique()}`],
      validFrom: "2026-01-01",
    });
    const agentActor = personActor(agent.id, { actingFor: { enterpriseId: ent.id, role: "agent" } });
    expect((await listResultsOfHolder(await testCtx(agentActor, NOW), holder)).map((x) => x.id)).toEqual([
      r.id,
    ]);

    const stranger = await makePerson();
    for (const actor of [
      personActor(rep.id),
      personActor(stranger.id),
      personActor(stranger.id, { actingFor: { enterpriseId: ent.id, role: "admin" } }),
    ]) {
      await expect(listResultsOfHolder(await testCtx(actor, NOW), holder)).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
  });

  it("with onlyValid leaves out expired and revoked results, and reports expiry", async () => {
    const { code } = await licenceType(12);
    const p = await makePerson();
    const holder = { type: "person" as const, personId: p.id };
    const valid = await issueTo(code, holder, { validFrom: "2026-03-01" });
    const lastDay = await issueTo(code, holder, { validFrom: "2025-03-02" });
    const expired = await issueTo(code, holder, { validFrom: "2025-03-01" });
    const revoked = await issueTo(code, holder, { validFrom: "2026-03-01" });
    expect(lastDay.validTo).toBe("2026-03-01");
    expect(expired.validTo).toBe("2026-02-28");
    await revokeResult(await testCtx(SYSTEM, NOW), { resultId: revoked.id, reason: "依法撤销" });
    const ctx = await testCtx(personActor(p.id), new Date("2026-03-01T03:00:00Z"));
    expect((await listResultsOfHolder(ctx, holder, { onlyValid: true })).map((x) => x.id).sort()).toEqual(
      [valid.id, lastDay.id].sort(),
    );
    const now = await testCtx(personActor(p.id), NOW);
    expect((await listResultsOfHolder(now, holder, { onlyValid: true })).map((x) => x.id)).toEqual([
      valid.id,
    ]);
    const all = await listResultsOfHolder(await testCtx(personActor(p.id), NOW), holder);
    expect(Object.fromEntries(all.map((x) => [x.id, x.status]))).toEqual({
      [valid.id]: "valid",
      [lastDay.id]: "expired",
      [expired.id]: "expired",
      [revoked.id]: "revoked",
    });
    expect(
      await listResultsOfHolder(await testCtx(personActor(p.id), NOW), holder, { types: ["OTHER_TYPE"] }),
    ).toEqual([]);
  });
});

describe("revokeResult", () => {
  it("is for the issuing department's approvers, needs a reason and happens once", async () => {
    const { dept, code } = await licenceType();
    const other = await makeDepartment();
    const p = await makePerson();
    const staff = await makePerson();
    const r = await issueTo(code, { type: "person", personId: p.id });
    for (const actor of [
      staffOf(staff.id, dept.id, ["clerk", "reviewer"]),
      staffOf(staff.id, other.id, ["approver"]),
      personActor(p.id),
    ]) {
      await expect(
        revokeResult(await testCtx(actor, NOW), { resultId: r.id, reason: "依法撤销" }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const approver = staffOf(staff.id, dept.id, ["approver"]);
    await expect(
      revokeResult(await testCtx(approver, NOW), { resultId: r.id, reason: "" }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      details: [{ path: "reason" }],
    });
    expect((await (await testCtx()).em.findOneOrFail(Result, { id: r.id })).status).toBe("valid");

    const revoked = await revokeResult(await testCtx(approver, NOW), {
      resultId: r.id,
      reason: "以欺骗手段取得",
    });
    expect(revoked).toMatchObject({ id: r.id, status: "revoked" });
    const row = await (await testCtx()).em.findOneOrFail(Result, { id: r.id });
    expect(row).toMatchObject({ status: "revoked", revokeReason: "以欺骗手段取得" });
    expect(row.revokedAt?.toISOString()).toBe(NOW.toISOString());
    await expect(
      revokeResult(await testCtx(approver, NOW), { resultId: r.id, reason: "再次撤销" }),
    ).rejects.toMatchObject({ code: "INVALID_STATE" });
    await expect(
      revokeResult(await testCtx(approver, NOW), { resultId: crypto.randomUUID(), reason: "不存在" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
