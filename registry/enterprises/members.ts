import { DomainError, parseInput, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";
import { type Ctx, isAdmin } from "../context.ts";
import { Person } from "../persons/person.entity.ts";
import { Enterprise, EnterpriseMember, type IEnterpriseMember } from "./enterprise.entity.ts";
import { type MemberView, type TGrantMemberInput, ZGrantMemberInput } from "./enterprise.schema.ts";

function isActive(m: IEnterpriseMember, today: string): boolean {
  return (
    !m.revokedAt &&
    m.validFrom <= today &&
    (m.validTo === null || m.validTo === undefined || m.validTo >= today)
  );
}

export function toMemberView(m: IEnterpriseMember, today: string): MemberView {
  const person = m.person.unwrap();
  return {
    id: m.id,
    enterpriseId: m.enterprise.id,
    person: { id: person.id, name: person.name, idNumberMasked: person.idNumberMasked },
    role: m.role,
    scope: m.scopeAll ? "all" : [...m.scopeItems],
    validFrom: m.validFrom,
    validTo: m.validTo ?? null,
    grantedBy: m.grantedBy?.id ?? null,
    revokedAt: m.revokedAt ? m.revokedAt.toISOString() : null,
    revokeReason: m.revokeReason ?? null,
    active: isActive(m, today),
  };
}

/** The legal representative and admins manage members; the platform administrator may too. */
async function assertCanManage(ctx: Ctx, enterpriseId: string): Promise<void> {
  if (isAdmin(ctx.actor)) return;
  if (ctx.actor.type !== "person") throw new DomainError("FORBIDDEN");
  const today = toChinaDate(ctx.now);
  const mine = await ctx.em.find(EnterpriseMember, {
    enterprise: enterpriseId,
    person: ctx.actor.personId,
    revokedAt: null,
    role: { $in: ["legal_rep", "admin"] },
  });
  if (!mine.some((m) => isActive(m, today)))
    throw new DomainError("FORBIDDEN", "只有法定代表人或管理员可以管理经办人");
}

/** Grants a person a role in an enterprise. A person holds at most one active membership per enterprise. */
export async function grantMember(ctx: Ctx, input: TGrantMemberInput): Promise<MemberView> {
  const data = parseInput(ZGrantMemberInput, input);
  await assertCanManage(ctx, data.enterpriseId);
  if (data.role === "legal_rep" && !isAdmin(ctx.actor)) {
    throw new DomainError("FORBIDDEN", "法定代表人以登记信息为准，不能授予");
  }
  return transact(ctx.em, async (em) => {
    const enterprise = await em.findOne(Enterprise, { id: data.enterpriseId });
    if (!enterprise) throw new DomainError("NOT_FOUND", "未找到该企业");
    const person = await em.findOne(Person, { id: data.personId });
    if (!person)
      throw new DomainError("NOT_FOUND", "未找到该人员", [{ path: "personId", message: "不存在" }]);
    if (await em.count(EnterpriseMember, { enterprise, person, revokedAt: null })) {
      throw new DomainError("DUPLICATE", "该人员已是本企业成员，请先撤销原授权");
    }
    const member = em.create(EnterpriseMember, {
      id: crypto.randomUUID(),
      enterprise,
      person,
      role: data.role,
      scopeAll: data.scope === "all",
      scopeItems: data.scope === "all" ? [] : data.scope,
      validFrom: data.validFrom,
      validTo: data.validTo,
      grantedBy: ctx.actor.type === "person" ? em.getReference(Person, ctx.actor.personId) : null,
      revokedAt: null,
      revokedBy: null,
      revokeReason: null,
    });
    recordAudit(
      em,
      ctx.actor,
      ctx.now,
      "enterprise.member.grant",
      { type: "enterprise", id: enterprise.id },
      {
        personId: person.id,
        role: data.role,
        scope: data.scope,
        validFrom: data.validFrom,
        validTo: data.validTo,
      },
    );
    await em.flush();
    return toMemberView(member, toChinaDate(ctx.now));
  });
}

/** Revokes a membership; the legal representative's membership follows the register and cannot be revoked here. */
export async function revokeMember(
  ctx: Ctx,
  input: { memberId: string; reason: string },
): Promise<MemberView> {
  const reason = (input.reason ?? "").trim();
  if (reason.length < 2 || reason.length > 200) {
    throw new DomainError("VALIDATION", "请填写撤销原因（2-200 字）", [{ path: "reason", message: "必填" }]);
  }
  const found = await ctx.em.findOne(EnterpriseMember, { id: input.memberId });
  if (!found) throw new DomainError("NOT_FOUND", "未找到该授权");
  await assertCanManage(ctx, found.enterprise.id);
  return transact(ctx.em, async (em) => {
    const m = await em.findOneOrFail(EnterpriseMember, { id: input.memberId }, { populate: ["person"] });
    if (m.revokedAt) throw new DomainError("INVALID_STATE", "该授权已撤销");
    if (m.role === "legal_rep" && !isAdmin(ctx.actor))
      throw new DomainError("FORBIDDEN", "不能撤销法定代表人");
    m.revokedAt = ctx.now;
    m.revokedBy =
      ctx.actor.type === "person" ? em.getReference(Person, ctx.actor.personId, { wrapped: true }) : null;
    m.revokeReason = reason;
    recordAudit(
      em,
      ctx.actor,
      ctx.now,
      "enterprise.member.revoke",
      { type: "enterprise", id: m.enterprise.id },
      {
        memberId: m.id,
        personId: m.person.id,
        reason,
      },
    );
    await em.flush();
    return toMemberView(m, toChinaDate(ctx.now));
  });
}

/** Members of an enterprise, active first; visible to its members and administrators. */
export async function listMembers(ctx: Ctx, enterpriseId: string): Promise<MemberView[]> {
  const today = toChinaDate(ctx.now);
  if (!isAdmin(ctx.actor)) {
    if (ctx.actor.type !== "person") throw new DomainError("FORBIDDEN");
    const mine = await ctx.em.find(EnterpriseMember, {
      enterprise: enterpriseId,
      person: ctx.actor.personId,
      revokedAt: null,
    });
    if (!mine.some((m) => isActive(m, today))) throw new DomainError("FORBIDDEN", "无权查看该企业");
  }
  const rows = await ctx.em.find(
    EnterpriseMember,
    { enterprise: enterpriseId },
    { populate: ["person"], orderBy: { createdAt: "asc" } },
  );
  return rows.map((m) => toMemberView(m, today)).sort((a, b) => Number(b.active) - Number(a.active));
}

/** The enterprises a person may act for today, with role and scope. */
export async function listMembershipsOfPerson(
  ctx: Ctx,
  personId: string,
): Promise<(MemberView & { enterprise: { uscc: string; name: string } })[]> {
  if (!isAdmin(ctx.actor) && !(ctx.actor.type === "person" && ctx.actor.personId === personId)) {
    throw new DomainError("FORBIDDEN");
  }
  const today = toChinaDate(ctx.now);
  const rows = await ctx.em.find(
    EnterpriseMember,
    { person: personId, revokedAt: null },
    { populate: ["person", "enterprise"] },
  );
  return rows
    .filter((m) => isActive(m, today))
    .map((m) => ({
      ...toMemberView(m, today),
      enterprise: { uscc: m.enterprise.unwrap().uscc, name: m.enterprise.unwrap().name },
    }));
}
