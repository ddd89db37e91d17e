import { DomainError, parseInput } from "../../platform/index.ts";
import type { Ctx } from "../context.ts";
import { Enterprise } from "./enterprise.entity.ts";
import { type EnterpriseView, ZUscc } from "./enterprise.schema.ts";
import { toEnterpriseView } from "./register-enterprise.ts";

/** Registry facts of an enterprise are public (企业信用信息公示), so any actor may read them. */
export async function findEnterpriseByUscc(ctx: Ctx, uscc: string): Promise<EnterpriseView | null> {
  const code = parseInput(ZUscc, uscc);
  const e = await ctx.em.findOne(Enterprise, { uscc: code }, { populate: ["legalRep"] });
  return e ? toEnterpriseView(e) : null;
}

export async function getEnterprise(ctx: Ctx, id: string): Promise<EnterpriseView> {
  const e = await ctx.em.findOne(Enterprise, { id }, { populate: ["legalRep"] });
  if (!e) throw new DomainError("NOT_FOUND", "未找到该企业");
  return toEnterpriseView(e);
}
