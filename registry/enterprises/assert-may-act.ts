import type { EntityManager } from "../../platform/index.ts";
import { DomainError, sqlRows } from "../../platform/index.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";
import { type Ctx, isAdmin } from "../context.ts";

/**
 * Checks that a person may act for an enterprise today, and on an item when one is given: a
 * membership that is not revoked, within its dates, with the item in scope. Returns that membership's role and
 * item scope (null: every item).
 */
export async function assertMayActFor(
  em: EntityManager,
  personId: string,
  enterpriseId: string,
  now: Date,
  itemCode?: string,
): Promise<{ role: "legal_rep" | "admin" | "agent"; items: string[] | null }> {
  const today = toChinaDate(now);
  const rows = await sqlRows<{
    role: "legal_rep" | "admin" | "agent";
    scope_all: boolean;
    scope_items: string[];
  }>(
    em,
    `select role, scope_all, scope_items from enterprise_member
     where person_id = ? and enterprise_id = ? and revoked_at is null
       and valid_from <= ?::date and (valid_to is null or valid_to >= ?::date)
     order by scope_all desc`,
    [personId, enterpriseId, today, today],
  );
  if (!rows.length) throw new DomainError("FORBIDDEN", "您未获授权代表该企业办理业务，或授权已过期");
  const m = itemCode ? rows.find((r) => r.scope_all || r.scope_items.includes(itemCode)) : rows[0];
  if (!m) throw new DomainError("FORBIDDEN", "该事项不在您的经办授权范围内");
  return { role: m.role, items: m.scope_all ? null : m.scope_items };
}

/** A person or an enterprise: who owns a library or holds a result. */
export type Subject = { type: "person"; personId: string } | { type: "enterprise"; enterpriseId: string };

/**
 * Checks that the actor speaks for a subject: the person acting as themself, someone whose delegation
 * lets them act for the enterprise today, or an administrator. Anyone else gets FORBIDDEN with `denied`.
 */
export async function assertActsFor(ctx: Ctx, subject: Subject, denied: string): Promise<void> {
  const a = ctx.actor;
  if (isAdmin(a)) return;
  if (a.type !== "person") throw new DomainError("FORBIDDEN");
  if (subject.type === "person" && !a.actingFor && a.personId === subject.personId) return;
  if (subject.type === "enterprise" && a.actingFor?.enterpriseId === subject.enterpriseId) {
    await assertMayActFor(ctx.em, a.personId, subject.enterpriseId, ctx.now);
    return;
  }
  throw new DomainError("FORBIDDEN", denied);
}
