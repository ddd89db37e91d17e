import { afterAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../context.ts";
import { freshIdNumber, makePerson, personActor } from "../testing/factories.ts";
import { closeTestOrm, testCtx } from "../testing/test-env.ts";
import { findPersonByIdNumber, findPersonsByPhone, revealPersonIdentity } from "./find-person.ts";
import { Person } from "./person.entity.ts";
import { registerPerson } from "./register-person.ts";

afterAll(closeTestOrm);

describe("persons", () => {
  it("stores the ID number encrypted, shows it masked and finds it by blind index", async () => {
    const p = await makePerson({ name: "王小明" });
    expect(p.idNumberMasked).toBe(`${p.idNumber.slice(0, 4)}${"*".repeat(10)}${p.idNumber.slice(-4)}`);
    const ctx = await testCtx();
    const row = await ctx.em.findOneOrFail(Person, { id: p.id });
    expect(row.idNumberEnc).not.toContain(p.idNumber.slice(6, 14));
    expect((await findPersonByIdNumber(ctx, p.idNumber.toLowerCase()))?.id).toBe(p.id);
    expect((await findPersonsByPhone(ctx, `+86 ${p.phone}`)).map((x) => x.id)).toContain(p.id);
  });

  it("rejects a bad check digit with a field error and writes nothing", async () => {
    const good = freshIdNumber();
    const bad = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
    const ctx = await testCtx();
    const before = await ctx.em.count(Person);
    await expect(registerPerson(ctx, { name: "李四", idNumber: bad })).rejects.toMatchObject({
      code: "VALIDATION",
      details: [{ path: "idNumber", message: "身份证号码校验码错误" }],
    });
    expect(
      await (await testCtx()).em.count(Person, {
        name: "李四",
        idNumberMasked: `${bad.slice(0, 4)}**********${bad.slice(-4)}`,
      }),
    ).toBe(0);
    expect(before).toBeGreaterThanOrEqual(0);
  });

  it("refuses a duplicate ID number", async () => {
    const p = await makePerson();
    await expect(
      registerPerson(await testCtx(), { name: "重复人", idNumber: p.idNumber }),
    ).rejects.toMatchObject({ code: "DUPLICATE" });
  });

  it("reveals the clear number to the person, and to others only as admin with an audited reason", async () => {
    const p = await makePerson();
    const other = await makePerson();
    expect((await revealPersonIdentity(await testCtx(personActor(p.id)), p.id, "")).idNumber).toBe(
      p.idNumber,
    );
    await expect(
      revealPersonIdentity(await testCtx(personActor(other.id)), p.id, "查看"),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const r = await revealPersonIdentity(await testCtx(SYSTEM), p.id, "窗口核验身份");
    expect(r.phone).toBe(p.phone);
    const ctx = await testCtx();
    const audits = await ctx.em
      .getConnection()
      .execute("select action, detail from audit_log where subject_id = ? and action = 'person.reveal'", [
        p.id,
      ]);
    expect(audits).toHaveLength(2);
  });
});
