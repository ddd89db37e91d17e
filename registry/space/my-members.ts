import { z } from "zod";
import { DomainError, parseInput, sqlRows } from "../../platform/index.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";
import { type Ctx, isAdmin } from "../context.ts";
import { assertMayActFor } from "../enterprises/assert-may-act.ts";
import type { MemberView } from "../enterprises/enterprise.schema.ts";
import { grantMember, listMembers, revokeMember } from "../enterprises/members.ts";
import { findPersonByIdNumber, findPersonsByPhone } from "../persons/find-person.ts";
import type { PersonView } from "../persons/person.schema.ts";

/** A membership as the members page lists it, with where it stands today. */
export type SpaceMember = MemberView & { state: "active" | "pending" | "expired" | "revoked" };

/** What an invitation shows of the person found: never the clear numbers, and the name masked. */
export interface InviteePreview {
  nameMasked: string;
  idNumberMasked: string;
  phoneMasked: string | null;
}

/** The enterprise the actor manages: acting for it as legal representative or admin today; else FORBIDDEN. */
async function managedEnterprise(ctx: Ctx): Promise<string> {
  const a = ctx.actor;
  if (a.type !== "person") throw new DomainError("UNAUTHENTICATED");
  if (!a.actingFor) throw new DomainError("FORBIDDEN", "成员管理仅在企业空间中提供，请以企业身份登录");
  const { role } = await assertMayActFor(ctx.em, a.personId, a.actingFor.enterpriseId, ctx.now);
  if (role !== "legal_rep" && role !== "admin" && !isAdmin(a))
    throw new DomainError("FORBIDDEN", "只有法定代表人或管理员可以管理企业成员");
  return a.actingFor.enterpriseId;
}

function stateOf(m: MemberView, today: string): SpaceMember["state"] {
  if (m.revokedAt) return "revoked";
  if (m.validTo && m.validTo < today) return "expired";
  if (m.validFrom > today) return "pending";
  return "active";
}

/** Every membership of the managed enterprise, past ones included (revoked, expired). */
export async function listMyEnterpriseMembers(ctx: Ctx): Promise<SpaceMember[]> {
  const enterpriseId = await managedEnterprise(ctx);
  const today = toChinaDate(ctx.now);
  return (await listMembers(ctx, enterpriseId)).map((m) => ({ ...m, state: stateOf(m, today) }));
}

const ZWho = z
  .string("请输入身份证号码或手机号码")
  .trim()
  .min(1, "请输入身份证号码或手机号码")
  .max(40, "身份证号码或手机号码格式不正确");

/** One person found by ID number or phone through the blind index; the clear number is never stored or queried. */
async function findInvitee(ctx: Ctx, who: unknown): Promise<PersonView> {
  const v = parseInput(ZWho, who);
  const isPhone = /^(\+?86)?1[3-9]\d{9}$/.test(v.replace(/[\s-]/g, ""));
  if (isPhone) {
    const found = await findPersonsByPhone(ctx, v);
    if (found.length > 1)
      throw new DomainError("VALIDATION", "该手机号码登记了多人，请改用身份证号码查找", [
        { path: "who", message: "多人" },
      ]);
    if (found[0]) return found[0];
  } else {
    const p = await findPersonByIdNumber(ctx, v);
    if (p) return p;
  }
  throw new DomainError("NOT_FOUND", "未找到该人员，请确认其已在本平台实名注册", [
    { path: "who", message: "未找到" },
  ]);
}

function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? "*" : `${chars[0]}${"*".repeat(chars.length - 1)}`;
}

/** Looks a person up for an invitation; only the masked data is returned. */
export async function lookupInvitee(ctx: Ctx, who: unknown): Promise<InviteePreview> {
  await managedEnterprise(ctx);
  const p = await findInvitee(ctx, who);
  return { nameMasked: maskName(p.name), idNumberMasked: p.idNumberMasked, phoneMasked: p.phoneMasked };
}

/** A catalog item an agent's scope may name: active and open to enterprises. */
export interface ScopeItem {
  code: string;
  name: string;
  departmentName: string;
}

async function scopeItemRows(ctx: Ctx, codes?: string[]): Promise<ScopeItem[]> {
  return sqlRows<ScopeItem>(
    ctx.em,
    `select i.code, i.name, d.name as "departmentName"
     from service_item i join department d on d.id = i.department_id
     where i.status = 'active' and 'enterprise' = any(i.subject_types)${codes ? " and i.code = any(?::text[])" : ""}
     order by d.name, i.code`,
    codes ? [codes] : [],
  );
}

/** The items the members page offers for an agent's scope (legal representative and admins only). */
export async function listScopeItems(ctx: Ctx): Promise<ScopeItem[]> {
  await managedEnterprise(ctx);
  return scopeItemRows(ctx);
}

export const ZInviteMember = z
  .object({
    who: z.unknown(),
    role: z.enum(["admin", "agent"], "请选择角色（管理员或经办人）"),
    scope: z.union([
      z.literal("all"),
      z
        .array(z.string().regex(/^[A-Z0-9][A-Z0-9-]{3,39}$/, "事项编码无效"))
        .min(1, "请选择至少一个事项")
        .max(200),
    ]),
    validFrom: z.iso.date("开始日期格式应为 YYYY-MM-DD"),
    validTo: z.iso.date("截止日期格式应为 YYYY-MM-DD").nullable(),
  })
  .refine((v) => v.validTo === null || v.validTo >= v.validFrom, {
    path: ["validTo"],
    message: "截止日期不能早于开始日期",
  });

/** Invites a person (found by ID number or phone) as admin or agent of the managed enterprise; audited. */
export async function inviteMember(ctx: Ctx, input: z.input<typeof ZInviteMember>): Promise<SpaceMember> {
  const data = parseInput(ZInviteMember, input);
  const enterpriseId = await managedEnterprise(ctx);
  if (data.scope !== "all") {
    const known = new Set((await scopeItemRows(ctx, data.scope)).map((k) => k.code));
    const missing = [...new Set(data.scope)].filter((c) => !known.has(c));
    if (missing.length)
      throw new DomainError("VALIDATION", `以下事项不存在或不面向企业办理：${missing.join("、")}`, [
        { path: "scope", message: "事项无效" },
      ]);
  }
  const person = await findInvitee(ctx, data.who);
  const m = await grantMember(ctx, {
    enterpriseId,
    personId: person.id,
    role: data.role,
    scope: data.scope,
    validFrom: data.validFrom,
    validTo: data.validTo,
  });
  return { ...m, state: stateOf(m, toChinaDate(ctx.now)) };
}

/** Revokes a membership of the managed enterprise with a reason; another enterprise's id is NOT_FOUND. */
export async function revokeMyEnterpriseMember(
  ctx: Ctx,
  input: { memberId: unknown; reason: unknown },
): Promise<SpaceMember> {
  const enterpriseId = await managedEnterprise(ctx);
  const memberId = typeof input.memberId === "string" ? input.memberId : "";
  const [own] = /^[0-9a-f-]{36}$/i.test(memberId)
    ? await sqlRows<{ id: string }>(
        ctx.em,
        "select id from enterprise_member where id = ? and enterprise_id = ?",
        [memberId, enterpriseId],
      )
    : [];
  if (!own) throw new DomainError("NOT_FOUND", "未找到该授权");
  const m = await revokeMember(ctx, {
    memberId,
    reason: typeof input.reason === "string" ? input.reason : "",
  });
  return { ...m, state: stateOf(m, toChinaDate(ctx.now)) };
}
