import { afterAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../context.ts";
import { freshUscc, makeEnterprise, makePerson, personActor, unique } from "../testing/factories.ts";
import { closeTestOrm, testCtx } from "../testing/test-env.ts";
import { assertMayActFor } from "./assert-may-act.ts";
import { Enterprise } from "./enterprise.entity.ts";
import { findEnterpriseByUscc } from "./find-enterprise.ts";
import { grantMember, listMembers, listMembershipsOfPerson, revokeMember } from "./members.ts";
import { registerEnterprise } from "./register-enterprise.ts";

afterAll(closeTestOrm);

// 2026-03-02 10:00 in China.
const NOW = new Date("2026-03-02T02:00:00Z");

function enterpriseInput(uscc: string, legalRepPersonId: string) {
  return {
    uscc,
    name: `云港登记测试${unique()}有限公司`,
    type: "有限责任公司（自然人投资或控股）",
    legalRepPersonId,
    address: "云港市经济开发区测试大道 9 号",
    registeredCapitalYuan: 500_000,
    businessScope: "技术服务",
    establishedOn: "2021-06-01",
  };
}

/** An enterprise with its legal representative's actor, and a fresh item code. */
async function world() {
  const rep = await makePerson({ name: "法人代表" });
  const ent = await makeEnterprise({ legalRepPersonId: rep.id });
  const repActor = personActor(rep.id, { actingFor: { enterpriseId: ent.id, role: "legal_rep" } });
  return { rep, ent, repActor };
}

async function auditRows(enterpriseId: string, action: string) {
  const ctx = await testCtx();
  return ctx.em
    .getConnection()
    .execute<{ action: string; actor_id: string | null; detail: Record<string, unknown> }[]>(
      "select action, actor_id, detail from audit_log where subject_type = 'enterprise' and subject_id = ? and action = ? order by id",
      [enterpriseId, action],
    );
}

describe("registerEnterprise", () => {
  it("rejects a bad check digit on the uscc field and writes nothing", async () => {
    const rep = await makePerson();
    const good = freshUscc();
    const bad = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
    await expect(registerEnterprise(await testCtx(), enterpriseInput(bad, rep.id))).rejects.toMatchObject({
      code: "VALIDATION",
      details: [{ path: "uscc", message: "统一社会信用代码校验码错误" }],
    });
    const ctx = await testCtx();
    expect(await ctx.em.count(Enterprise, { uscc: bad })).toBe(0);
    expect(await ctx.em.count(Enterprise, { legalRep: rep.id })).toBe(0);
  });

  it("refuses a second enterprise with the same uscc", async () => {
    const e = await makeEnterprise();
    const rep = await makePerson();
    await expect(registerEnterprise(await testCtx(), enterpriseInput(e.uscc, rep.id))).rejects.toMatchObject({
      code: "DUPLICATE",
      details: [{ path: "uscc" }],
    });
    expect(await (await testCtx()).em.count(Enterprise, { uscc: e.uscc })).toBe(1);
  });

  it("makes the legal representative an active legal_rep member for every item", async () => {
    const { rep, ent, repActor } = await world();
    expect(ent.legalRep).toEqual({ id: rep.id, name: "法人代表" });
    const members = await listMembers(await testCtx(repActor, NOW), ent.id);
    expect(members).toHaveLength(1);
    expect(members[0]).toMatchObject({
      enterpriseId: ent.id,
      person: { id: rep.id, name: "法人代表" },
      role: "legal_rep",
      scope: "all",
      validTo: null,
      revokedAt: null,
      active: true,
    });
    const mine = await listMembershipsOfPerson(await testCtx(personActor(rep.id), NOW), rep.id);
    expect(mine.map((m) => [m.enterpriseId, m.role, m.enterprise.uscc])).toEqual([
      [ent.id, "legal_rep", ent.uscc],
    ]);
    expect(await assertMayActFor((await testCtx()).em, rep.id, ent.id, NOW, "ANY-ITEM-1")).toEqual({
      role: "legal_rep",
      items: null,
    });
  });

  it("is refused to a person who is not an administrator", async () => {
    const p = await makePerson();
    const uscc = freshUscc();
    await expect(
      registerEnterprise(await testCtx(personActor(p.id)), enterpriseInput(uscc, p.id)),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      registerEnterprise(
        await testCtx(personActor(p.id, { staff: { departmentId: crypto.randomUUID(), roles: ["clerk"] } })),
        enterpriseInput(uscc, p.id),
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await (await testCtx()).em.count(Enterprise, { uscc })).toBe(0);
  });
});

describe("enterprise members", () => {
  it("lets the legal representative grant an agent a list of items, and audits it", async () => {
    const { rep, ent, repActor } = await world();
    const agent = await makePerson({ name: "经办人" });
    const itemA = `T-${unique()}`;
    const itemB = `T-${unique()}`;
    const m = await grantMember(await testCtx(repActor, NOW), {
      enterpriseId: ent.id,
      personId: agent.id,
      role: "agent",
      scope: [itemA, itemB],
      validFrom: "2026-03-01",
      validTo: "2026-12-31",
    });
    expect(m).toMatchObject({
      enterpriseId: ent.id,
      person: { id: agent.id, name: "经办人", idNumberMasked: agent.idNumberMasked },
      role: "agent",
      scope: [itemA, itemB],
      validFrom: "2026-03-01",
      validTo: "2026-12-31",
      grantedBy: rep.id,
      active: true,
    });
    const listed = await listMembers(await testCtx(repActor, NOW), ent.id);
    expect(listed.map((x) => [x.person.id, x.role])).toEqual(
      expect.arrayContaining([
        [rep.id, "legal_rep"],
        [agent.id, "agent"],
      ]),
    );
    expect(listed).toHaveLength(2);
    const agentSees = await listMembershipsOfPerson(await testCtx(personActor(agent.id), NOW), agent.id);
    expect(agentSees.map((x) => [x.enterpriseId, x.scope])).toEqual([[ent.id, [itemA, itemB]]]);

    const audits = await auditRows(ent.id, "enterprise.member.grant");
    expect(audits).toHaveLength(1);
    expect(audits[0].actor_id).toBe(rep.id);
    expect(audits[0].detail).toMatchObject({ personId: agent.id, role: "agent", scope: [itemA, itemB] });
  });

  it("refuses a second active membership of the same person", async () => {
    const { ent, repActor } = await world();
    const agent = await makePerson();
    const input = {
      enterpriseId: ent.id,
      personId: agent.id,
      role: "agent" as const,
      scope: "all" as const,
      validFrom: "2026-03-01",
    };
    await grantMember(await testCtx(repActor, NOW), input);
    await expect(grantMember(await testCtx(repActor, NOW), input)).rejects.toMatchObject({
      code: "DUPLICATE",
    });
  });

  it("does not let an agent grant anyone, nor a stranger list the members", async () => {
    const { ent, repActor } = await world();
    const agent = await makePerson();
    const other = await makePerson();
    await grantMember(await testCtx(repActor, NOW), {
      enterpriseId: ent.id,
      personId: agent.id,
      role: "agent",
      scope: "all",
      validFrom: "2026-01-01",
    });
    const agentActor = personActor(agent.id, { actingFor: { enterpriseId: ent.id, role: "agent" } });
    await expect(
      grantMember(await testCtx(agentActor, NOW), {
        enterpriseId: ent.id,
        personId: other.id,
        role: "agent",
        scope: "all",
        validFrom: "2026-03-01",
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    // An agent may see who else acts for the enterprise; an outsider may not.
    expect(await listMembers(await testCtx(agentActor, NOW), ent.id)).toHaveLength(2);
    await expect(listMembers(await testCtx(personActor(other.id), NOW), ent.id)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      listMembershipsOfPerson(await testCtx(personActor(other.id), NOW), agent.id),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await auditRows(ent.id, "enterprise.member.grant")).toHaveLength(1);
  });

  it("does not let the legal representative grant the legal_rep role", async () => {
    const { ent, repActor } = await world();
    const p = await makePerson();
    await expect(
      grantMember(await testCtx(repActor, NOW), {
        enterpriseId: ent.id,
        personId: p.id,
        role: "legal_rep",
        scope: "all",
        validFrom: "2026-03-01",
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("treats a delegation whose end date has passed as inactive", async () => {
    const { ent, repActor } = await world();
    const agent = await makePerson();
    await grantMember(await testCtx(repActor, NOW), {
      enterpriseId: ent.id,
      personId: agent.id,
      role: "agent",
      scope: "all",
      validFrom: "2026-01-01",
      validTo: "2026-03-01",
    });
    // On its last day it still counts (2026-03-01 23:30 in China).
    const lastDay = new Date("2026-03-01T15:30:00Z");
    await expect(assertMayActFor((await testCtx()).em, agent.id, ent.id, lastDay)).resolves.toEqual({
      role: "agent",
      items: null,
    });
    // The next China day (2026-03-02 00:30) it does not, although it is still 03-01 in UTC.
    const nextDay = new Date("2026-03-01T16:30:00Z");
    await expect(assertMayActFor((await testCtx()).em, agent.id, ent.id, nextDay)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const listed = await listMembers(await testCtx(repActor, NOW), ent.id);
    expect(listed.find((m) => m.person.id === agent.id)).toMatchObject({ active: false, revokedAt: null });
    // Active members are listed first.
    expect(listed.map((m) => m.active)).toEqual([true, false]);
    expect(await listMembershipsOfPerson(await testCtx(personActor(agent.id), NOW), agent.id)).toEqual([]);
    await expect(
      listMembers(
        await testCtx(personActor(agent.id, { actingFor: { enterpriseId: ent.id, role: "agent" } }), NOW),
        ent.id,
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("does not let a delegation act before it starts", async () => {
    const { ent, repActor } = await world();
    const agent = await makePerson();
    await grantMember(await testCtx(repActor, NOW), {
      enterpriseId: ent.id,
      personId: agent.id,
      role: "agent",
      scope: "all",
      validFrom: "2026-04-01",
    });
    await expect(assertMayActFor((await testCtx()).em, agent.id, ent.id, NOW)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      assertMayActFor((await testCtx()).em, agent.id, ent.id, new Date("2026-04-01T01:00:00Z")),
    ).resolves.toEqual({ role: "agent", items: null });
  });

  it("limits an agent to the items in scope", async () => {
    const { ent, repActor } = await world();
    const agent = await makePerson();
    const inScope = `X-${unique()}`;
    const outOfScope = `Y-${unique()}`;
    await grantMember(await testCtx(repActor, NOW), {
      enterpriseId: ent.id,
      personId: agent.id,
      role: "agent",
      scope: [inScope],
      validFrom: "2026-03-01",
    });
    const em = (await testCtx()).em;
    await expect(assertMayActFor(em, agent.id, ent.id, NOW, inScope)).resolves.toEqual({
      role: "agent",
      items: [inScope],
    });
    await expect(assertMayActFor(em, agent.id, ent.id, NOW, outOfScope)).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "该事项不在您的经办授权范围内",
    });
    // Without an item the agent may act for the enterprise at all (e.g. read its space).
    await expect(assertMayActFor(em, agent.id, ent.id, NOW)).resolves.toEqual({
      role: "agent",
      items: [inScope],
    });
    // A person who is no member may not act, whatever the item.
    const stranger = await makePerson();
    await expect(assertMayActFor(em, stranger.id, ent.id, NOW, inScope)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("revokes with a reason, once, and audits it", async () => {
    const { rep, ent, repActor } = await world();
    const agent = await makePerson();
    const m = await grantMember(await testCtx(repActor, NOW), {
      enterpriseId: ent.id,
      personId: agent.id,
      role: "agent",
      scope: "all",
      validFrom: "2026-03-01",
    });
    await expect(
      revokeMember(await testCtx(repActor, NOW), { memberId: m.id, reason: " " }),
    ).rejects.toMatchObject({ code: "VALIDATION", details: [{ path: "reason" }] });
    expect(await auditRows(ent.id, "enterprise.member.revoke")).toHaveLength(0);

    const revoked = await revokeMember(await testCtx(repActor, NOW), { memberId: m.id, reason: "员工离职" });
    expect(revoked).toMatchObject({
      id: m.id,
      active: false,
      revokedAt: NOW.toISOString(),
      revokeReason: "员工离职",
    });
    await expect(assertMayActFor((await testCtx()).em, agent.id, ent.id, NOW)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      revokeMember(await testCtx(repActor, NOW), { memberId: m.id, reason: "再次撤销" }),
    ).rejects.toMatchObject({ code: "INVALID_STATE" });

    const audits = await auditRows(ent.id, "enterprise.member.revoke");
    expect(audits).toHaveLength(1);
    expect(audits[0].actor_id).toBe(rep.id);
    expect(audits[0].detail).toMatchObject({ memberId: m.id, personId: agent.id, reason: "员工离职" });

    // Once revoked, the person may be granted again.
    const again = await grantMember(await testCtx(repActor, NOW), {
      enterpriseId: ent.id,
      personId: agent.id,
      role: "admin",
      scope: "all",
      validFrom: "2026-03-02",
    });
    expect(again.active).toBe(true);
    expect(await auditRows(ent.id, "enterprise.member.grant")).toHaveLength(2);
  });

  it("does not let the legal representative revoke themself, nor an agent revoke anyone", async () => {
    const { rep, ent, repActor } = await world();
    const agent = await makePerson();
    await grantMember(await testCtx(repActor, NOW), {
      enterpriseId: ent.id,
      personId: agent.id,
      role: "agent",
      scope: "all",
      validFrom: "2026-03-01",
    });
    const members = await listMembers(await testCtx(SYSTEM, NOW), ent.id);
    const repMember = members.find((m) => m.person.id === rep.id)!;
    await expect(
      revokeMember(await testCtx(repActor, NOW), { memberId: repMember.id, reason: "自行撤销" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const agentActor = personActor(agent.id, { actingFor: { enterpriseId: ent.id, role: "agent" } });
    await expect(
      revokeMember(await testCtx(agentActor, NOW), { memberId: repMember.id, reason: "越权撤销" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await listMembers(await testCtx(SYSTEM, NOW), ent.id)).every((m) => m.active)).toBe(true);
    expect(await auditRows(ent.id, "enterprise.member.revoke")).toHaveLength(0);
  });
});

describe("findEnterpriseByUscc", () => {
  it("normalises lowercase input and surrounding spaces", async () => {
    const e = await makeEnterprise();
    const found = await findEnterpriseByUscc(await testCtx(), `  ${e.uscc.toLowerCase()} `);
    expect(found).toMatchObject({ id: e.id, uscc: e.uscc, name: e.name, legalRep: e.legalRep });
  });

  it("returns null for a valid code nobody registered and rejects a malformed one", async () => {
    expect(await findEnterpriseByUscc(await testCtx(), freshUscc())).toBeNull();
    await expect(findEnterpriseByUscc(await testCtx(), "91320999ABC")).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });
});
