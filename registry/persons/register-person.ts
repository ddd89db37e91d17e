import { DomainError, maskIdNumber, maskPhone, parseInput, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { type Ctx, isAdmin } from "../context.ts";
import { type IPerson, Person } from "./person.entity.ts";
import { type PersonView, type TRegisterPersonInput, ZRegisterPersonInput } from "./person.schema.ts";

export function toPersonView(p: IPerson): PersonView {
  return {
    id: p.id,
    name: p.name,
    idNumberMasked: p.idNumberMasked,
    phoneMasked: p.phoneMasked ?? null,
    email: p.email ?? null,
    address: p.address,
    realNameLevel: p.realNameLevel,
  };
}

/** Registers a natural person; the ID number must be new (DUPLICATE otherwise). */
export async function registerPerson(ctx: Ctx, input: TRegisterPersonInput): Promise<PersonView> {
  if (!isAdmin(ctx.actor)) throw new DomainError("FORBIDDEN", "只有管理员可以登记人员");
  const data = parseInput(ZRegisterPersonInput, input);
  const idHash = ctx.pii.blindIndex(data.idNumber, "id");
  return transact(ctx.em, async (em) => {
    if (await em.count(Person, { idNumberHash: idHash })) {
      throw new DomainError("DUPLICATE", "该身份证号码已登记", [{ path: "idNumber", message: "已登记" }]);
    }
    const person = em.create(Person, {
      id: crypto.randomUUID(),
      name: data.name,
      idNumberEnc: ctx.pii.encrypt(data.idNumber),
      idNumberHash: idHash,
      idNumberMasked: maskIdNumber(data.idNumber),
      phoneEnc: data.phone ? ctx.pii.encrypt(data.phone) : null,
      phoneHash: data.phone ? ctx.pii.blindIndex(data.phone, "phone") : null,
      phoneMasked: data.phone ? maskPhone(data.phone) : null,
      email: data.email,
      address: data.address,
      realNameLevel: data.realNameLevel,
    });
    recordAudit(em, ctx.actor, ctx.now, "person.register", { type: "person", id: person.id });
    await em.flush();
    return toPersonView(person);
  });
}
