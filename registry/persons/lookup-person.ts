import { DomainError, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Ctx } from "../context.ts";
import { findPersonByIdNumber } from "./find-person.ts";
import type { PersonView } from "./person.schema.ts";

/**
 * A department system looks a person up by ID number: it learns only what the registry shows masked (name,
 * masked numbers, real-name level), never the clear numbers, and every look-up is audited.
 */
export async function lookupPersonForDepartment(ctx: Ctx, idNumber: string): Promise<PersonView> {
  if (ctx.actor.type !== "client") throw new DomainError("FORBIDDEN", "仅部门业务系统可调用此接口");
  return transact(ctx.em, async (em) => {
    const p = await findPersonByIdNumber({ ...ctx, em }, idNumber);
    if (!p) throw new DomainError("NOT_FOUND", "未找到该人员");
    recordAudit(em, ctx.actor, ctx.now, "person.lookup", { type: "person", id: p.id });
    await em.flush();
    return p;
  });
}
