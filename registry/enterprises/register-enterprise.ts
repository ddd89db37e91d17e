import { DomainError, parseInput, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { toChinaDate } from "../calendar/work-calendar.ts";
import { type Ctx, isAdmin } from "../context.ts";
import { Person } from "../persons/person.entity.ts";
import { Enterprise, EnterpriseMember, type IEnterprise } from "./enterprise.entity.ts";
import {
  type EnterpriseView,
  type TRegisterEnterpriseInput,
  ZRegisterEnterpriseInput,
} from "./enterprise.schema.ts";

export function toEnterpriseView(e: IEnterprise): EnterpriseView {
  return {
    id: e.id,
    uscc: e.uscc,
    name: e.name,
    type: e.type,
    legalRep: { id: e.legalRep.id, name: e.legalRep.unwrap().name },
    address: e.address,
    registeredCapitalYuan: e.registeredCapitalFen / 100,
    businessScope: e.businessScope,
    establishedOn: e.establishedOn,
    status: e.status,
  };
}

/**
 * Registers an enterprise with its legal representative, who becomes its first member (legal_rep,
 * every item, no end date).
 */
export async function registerEnterprise(ctx: Ctx, input: TRegisterEnterpriseInput): Promise<EnterpriseView> {
  if (!isAdmin(ctx.actor)) throw new DomainError("FORBIDDEN", "只有管理员可以登记企业");
  const data = parseInput(ZRegisterEnterpriseInput, input);
  return transact(ctx.em, async (em) => {
    if (await em.count(Enterprise, { uscc: data.uscc })) {
      throw new DomainError("DUPLICATE", "该统一社会信用代码已登记", [{ path: "uscc", message: "已登记" }]);
    }
    const legalRep = await em.findOne(Person, { id: data.legalRepPersonId });
    if (!legalRep)
      throw new DomainError("NOT_FOUND", "未找到法定代表人", [
        { path: "legalRepPersonId", message: "不存在" },
      ]);
    const enterprise = em.create(Enterprise, {
      id: crypto.randomUUID(),
      uscc: data.uscc,
      name: data.name,
      type: data.type,
      legalRep,
      address: data.address,
      registeredCapitalFen: Math.round(data.registeredCapitalYuan * 100),
      businessScope: data.businessScope,
      establishedOn: data.establishedOn,
      status: data.status,
    });
    em.create(EnterpriseMember, {
      id: crypto.randomUUID(),
      enterprise,
      person: legalRep,
      role: "legal_rep",
      scopeAll: true,
      scopeItems: [],
      // ISO dates sort as strings: the earlier of founding day and today.
      validFrom: [data.establishedOn, toChinaDate(ctx.now)].sort()[0],
      validTo: null,
      grantedBy: null,
      revokedAt: null,
      revokedBy: null,
      revokeReason: null,
    });
    recordAudit(
      em,
      ctx.actor,
      ctx.now,
      "enterprise.register",
      { type: "enterprise", id: enterprise.id },
      { uscc: data.uscc },
    );
    await em.flush();
    return toEnterpriseView(enterprise);
  });
}
