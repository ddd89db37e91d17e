import { DomainError, parseInput, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { type Ctx, isAdmin } from "../context.ts";
import { Person } from "./person.entity.ts";
import { type PersonView, ZIdNumber, ZMobile } from "./person.schema.ts";
import { toPersonView } from "./register-person.ts";

/** Finds a person by ID number through the blind index; the clear number is never queried. */
export async function findPersonByIdNumber(ctx: Ctx, idNumber: string): Promise<PersonView | null> {
  const id = parseInput(ZIdNumber, idNumber);
  const p = await ctx.em.findOne(Person, { idNumberHash: ctx.pii.blindIndex(id, "id") });
  return p ? toPersonView(p) : null;
}

/** Finds persons by phone (a phone may be shared, e.g. by family members). */
export async function findPersonsByPhone(ctx: Ctx, phone: string): Promise<PersonView[]> {
  const ph = parseInput(ZMobile, phone);
  const rows = await ctx.em.find(
    Person,
    { phoneHash: ctx.pii.blindIndex(ph, "phone") },
    { orderBy: { createdAt: "asc" } },
  );
  return rows.map(toPersonView);
}

export async function getPerson(ctx: Ctx, personId: string): Promise<PersonView> {
  const p = await ctx.em.findOne(Person, { id: personId });
  if (!p) throw new DomainError("NOT_FOUND", "未找到该人员");
  return toPersonView(p);
}

/**
 * Decrypts a person's ID number and phone. Allowed to the person themself and administrators; every
 * reveal is audited with its reason.
 */
export async function revealPersonIdentity(
  ctx: Ctx,
  personId: string,
  reason: string,
): Promise<{ idNumber: string; phone: string | null }> {
  const self = ctx.actor.type === "person" && ctx.actor.personId === personId;
  if (!self && !isAdmin(ctx.actor)) throw new DomainError("FORBIDDEN", "无权查看他人的完整证件信息");
  if (!self && reason.trim().length < 4) throw new DomainError("VALIDATION", "请说明查看理由");
  return transact(ctx.em, async (em) => {
    const p = await em.findOne(Person, { id: personId });
    if (!p) throw new DomainError("NOT_FOUND", "未找到该人员");
    recordAudit(em, ctx.actor, ctx.now, "person.reveal", { type: "person", id: p.id }, { reason });
    await em.flush();
    return {
      idNumber: ctx.pii.decrypt(p.idNumberEnc),
      phone: p.phoneEnc ? ctx.pii.decrypt(p.phoneEnc) : null,
    };
  });
}
