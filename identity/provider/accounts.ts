import type { MikroORM, PiiCipher } from "../../platform/index.ts";
import { getPerson, listMembershipsOfPerson, listStaffPosts, SYSTEM } from "../../registry/index.ts";

/**
 * The acting identity is part of the OIDC subject: `personId` when a person acts as themself,
 * `personId~enterpriseId` when they act for an enterprise. A token for one enterprise is therefore
 * never valid for another, and every issue or refresh re-checks the delegation.
 */
export interface ActingSubject {
  personId: string;
  enterpriseId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function formatSubject(s: ActingSubject): string {
  return s.enterpriseId ? `${s.personId}~${s.enterpriseId}` : s.personId;
}

export function parseSubject(sub: string): ActingSubject | null {
  const [personId, enterpriseId, extra] = sub.split("~");
  if (
    extra !== undefined ||
    !UUID.test(personId ?? "") ||
    (enterpriseId !== undefined && !UUID.test(enterpriseId))
  )
    return null;
  return { personId, enterpriseId: enterpriseId ?? null };
}

/** The claims of an acting subject, or null when the person is gone or the delegation no longer holds. */
export async function loadAccountClaims(
  deps: { orm: MikroORM; pii: PiiCipher },
  sub: string,
  now = new Date(),
): Promise<Record<string, unknown> | null> {
  const s = parseSubject(sub);
  if (!s) return null;
  const ctx = { em: deps.orm.em.fork(), actor: SYSTEM, now, pii: deps.pii };
  const person = await getPerson(ctx, s.personId).catch(() => null);
  if (!person) return null;
  const posts = await listStaffPosts(ctx, s.personId);
  const claims: Record<string, unknown> = {
    sub,
    name: person.name,
    id_number_masked: person.idNumberMasked,
    real_name_level: person.realNameLevel,
    department: posts[0]?.departmentCode ?? null,
    roles: [...new Set(posts.flatMap((p) => p.roles))],
    staff_posts: posts.map((p) => ({ department: p.departmentCode, roles: p.roles })),
  };
  if (!s.enterpriseId) return { ...claims, acting_for: { type: "person", name: person.name } };
  const memberships = await listMembershipsOfPerson(ctx, s.personId);
  const m = memberships.find((x) => x.enterpriseId === s.enterpriseId);
  if (!m) return null;
  return {
    ...claims,
    // Acting for an enterprise is not staff work: department roles do not travel with it.
    department: null,
    roles: [],
    staff_posts: [],
    acting_for: {
      type: "enterprise",
      enterprise_id: m.enterpriseId,
      uscc: m.enterprise.uscc,
      name: m.enterprise.name,
      role: m.role,
      scope: m.scope,
    },
    act: { sub: s.personId, name: person.name },
  };
}
