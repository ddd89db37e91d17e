import { DomainError } from "../../platform/index.ts";
import type { Ctx } from "../context.ts";
import { assertMayActFor } from "../enterprises/assert-may-act.ts";

/**
 * Whose cases the actor sees as an applicant: their own as an individual, or an enterprise's while acting for
 * it under a delegation valid today, limited to the items of an agent's scope (null: every item).
 */
export type ApplicantScope =
  | { type: "person"; personId: string }
  | { type: "enterprise"; enterpriseId: string; items: string[] | null };

/** The applicant scope of a signed-in person; anyone else is UNAUTHENTICATED, a lapsed delegation FORBIDDEN. */
export async function applicantScope(ctx: Ctx): Promise<ApplicantScope> {
  const a = ctx.actor;
  if (a.type !== "person") throw new DomainError("UNAUTHENTICATED");
  if (!a.actingFor) return { type: "person", personId: a.personId };
  const enterpriseId = a.actingFor.enterpriseId;
  const { items } = await assertMayActFor(ctx.em, a.personId, enterpriseId, ctx.now);
  return { type: "enterprise", enterpriseId, items };
}
