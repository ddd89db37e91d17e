import type { EntityManager } from "../../platform/index.ts";
import { DomainError } from "../../platform/index.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";
import { EnterpriseMember } from "./enterprise.entity.ts";

/**
 * Checks that a person may act for an enterprise today, and on an item when one is given: a
 * membership that is not revoked, within its dates, with the item in scope.
 */
export async function assertMayActFor(
  em: EntityManager,
  personId: string,
  enterpriseId: string,
  now: Date,
  itemCode?: string,
): Promise<{ role: "legal_rep" | "admin" | "agent" }> {
  const today = toChinaDate(now);
  const rows = await em.find(EnterpriseMember, {
    person: personId,
    enterprise: enterpriseId,
    revokedAt: null,
  });
  const m = rows.find((r) => r.validFrom <= today && (r.validTo == null || r.validTo >= today));
  if (!m) throw new DomainError("FORBIDDEN", "您未获授权代表该企业办理业务，或授权已过期");
  if (itemCode && !m.scopeAll && !m.scopeItems.includes(itemCode)) {
    throw new DomainError("FORBIDDEN", "该事项不在您的经办授权范围内");
  }
  return { role: m.role };
}
