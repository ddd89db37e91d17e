import { afterAll, describe, expect, it } from "vitest";
import { makeIdNumber } from "../../registry/index.ts";
import { freshIdNumber, freshPhone, makePerson } from "../../registry/testing/factories.ts";
import { seedDemoPasswords, setPassword, signInWithPassword } from "./index.ts";
import {
  accountsOrm,
  auditOf,
  closeAccountsEnv,
  freshIp,
  rejection,
  testDeps,
} from "./testing/account-test-env.ts";

afterAll(closeAccountsEnv);

const PASSWORD = "Yungang2026";

async function personWithPassword(overrides: Parameters<typeof makePerson>[0] = {}) {
  const p = await makePerson(overrides);
  await setPassword(await testDeps(), p.id, PASSWORD);
  return p;
}

async function credentialCount(personId: string): Promise<number> {
  const rows = await (await accountsOrm()).em
    .getConnection()
    .execute("select count(*)::int as n from person_credential where person_id = ?", [personId]);
  return rows[0].n;
}

/** An ID number whose check character is X, so it passes the letter-and-digit rule. */
function idNumberEndingInX(): string {
  for (let seq = 0; ; seq++) {
    const id = makeIdNumber("320999", `19${70 + (Date.now() % 30)}0612`, (Date.now() + seq) % 1000);
    if (id.endsWith("X")) return id;
  }
}

describe("password policy", () => {
  it.each([
    ["Ab1", "密码长度应为 8 至 64 个字符"],
    [`A1${"b".repeat(63)}`, "密码长度应为 8 至 64 个字符"],
    ["onlyletters", "密码须同时包含英文字母和数字"],
    ["1234567890", "密码须同时包含英文字母和数字"],
  ])("refuses %j and writes nothing", async (password, message) => {
    const p = await makePerson();
    const e = await rejection(setPassword(await testDeps(), p.id, password));
    expect(e).toMatchObject({ code: "VALIDATION", message });
    expect(e.details).toContainEqual({ path: "password", message });
    expect(await credentialCount(p.id)).toBe(0);
    expect((await auditOf(p.id)).map((a) => a.action)).not.toContain("auth.password.set");
  });

  it("refuses the person's own ID number, whatever the case of its X", async () => {
    const idNumber = idNumberEndingInX();
    const p = await makePerson({ idNumber });
    for (const password of [idNumber, idNumber.toLowerCase()]) {
      const e = await rejection(setPassword(await testDeps(), p.id, password));
      expect(e).toMatchObject({
        code: "VALIDATION",
        details: [{ path: "password", message: "密码不能与本人的手机号码或身份证号码相同" }],
      });
    }
    expect(await credentialCount(p.id)).toBe(0);
  });

  it("stores only an argon2id hash and audits the change", async () => {
    const p = await personWithPassword();
    const [row] = await (await accountsOrm()).em
      .getConnection()
      .execute("select password_hash from person_credential where person_id = ?", [p.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await auditOf(p.id)).map((a) => a.action)).toContain("auth.password.set");
  });
});

describe("signInWithPassword", () => {
  it("signs in by ID number and by phone, and audits the success", async () => {
    const p = await personWithPassword({ name: "陈云港" });
    const deps = await testDeps();
    const ip = freshIp();
    const expected = { personId: p.id, name: "陈云港", method: "password" };
    expect(await signInWithPassword(deps, { login: p.idNumber, password: PASSWORD, ip })).toEqual(expected);
    expect(await signInWithPassword(deps, { login: `+86 ${p.phone}`, password: PASSWORD, ip })).toEqual(
      expected,
    );
    const successes = (await auditOf(p.id)).filter((a) => a.action === "auth.signin.success");
    expect(successes).toHaveLength(2);
    expect(successes[0]).toMatchObject({ actor_type: "person", detail: { method: "password", ip } });
  });

  it("gives the same answer for a wrong password, no password and an unknown account", async () => {
    const p = await personWithPassword();
    const noPassword = await makePerson();
    const deps = await testDeps();
    const ip = freshIp();
    const unknown = freshIdNumber();
    for (const [login, password] of [
      [p.idNumber, "Wrong12345"],
      [noPassword.idNumber, PASSWORD],
      [unknown, PASSWORD],
      [freshPhone(), PASSWORD],
    ]) {
      const e = await rejection(signInWithPassword(deps, { login: login!, password: password!, ip }));
      expect(e).toMatchObject({ code: "UNAUTHENTICATED", message: "账号或密码错误" });
    }
    const failures = (await auditOf(p.id)).filter((a) => a.action === "auth.signin.failure");
    expect(failures).toEqual([
      {
        action: "auth.signin.failure",
        actor_type: "system",
        subject_type: "person",
        detail: { method: "password", ip, login: "id", reason: "wrong_password" },
      },
    ]);
    expect(JSON.stringify(failures)).not.toContain("Wrong12345");
    const unknownAudit = await auditOf(deps.pii.blindIndex(unknown, "id"));
    expect(unknownAudit).toMatchObject([{ subject_type: "login", detail: { reason: "unknown_account" } }]);
  });

  it("refuses malformed logins and a phone shared by several persons", async () => {
    const deps = await testDeps();
    const ip = freshIp();
    const good = freshIdNumber();
    const badCheck = good.slice(0, 17) + (good[17] === "1" ? "2" : "1");
    expect(
      await rejection(signInWithPassword(deps, { login: badCheck, password: PASSWORD, ip })),
    ).toMatchObject({
      code: "VALIDATION",
      details: [{ path: "login", message: "身份证号码校验码错误" }],
    });
    expect(await rejection(signInWithPassword(deps, { login: "abc", password: PASSWORD, ip }))).toMatchObject(
      {
        code: "VALIDATION",
      },
    );
    const phone = freshPhone();
    await personWithPassword({ phone });
    await makePerson({ phone });
    expect(await rejection(signInWithPassword(deps, { login: phone, password: PASSWORD, ip }))).toMatchObject(
      {
        code: "VALIDATION",
        message: "该手机号关联多个账号，请使用身份证号码登录",
      },
    );
  });
});

describe("timing", () => {
  it("takes about as long for an unknown account as for a wrong password", async () => {
    const p = await personWithPassword();
    const deps = await testDeps({ limits: { accountFailures: { points: 50, duration: 900 } } });
    const ip = freshIp();
    async function median(login: string): Promise<number> {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        await rejection(signInWithPassword(deps, { login, password: "Wrong12345", ip }));
        times.push(performance.now() - t);
      }
      return times.sort((a, b) => a - b)[1]!;
    }
    const wrong = await median(p.idNumber);
    const unknown = await median(freshIdNumber());
    // Both paths run one argon2id verification; without the dummy hash the unknown path would be a few ms.
    expect(unknown).toBeGreaterThan(wrong * 0.4);
  });
});

describe("seedDemoPasswords", () => {
  it("sets one demo password for persons without one, once", async () => {
    const withOwn = await personWithPassword();
    const a = await makePerson();
    const b = await makePerson();
    const orm = await accountsOrm();
    expect(await seedDemoPasswords({ orm }, [withOwn.id, a.id, b.id, b.id], "Demo2026pw")).toBe(2);
    expect(await seedDemoPasswords({ orm }, [withOwn.id, a.id, b.id], "Demo2026pw")).toBe(0);
    const deps = await testDeps();
    const ip = freshIp();
    expect((await signInWithPassword(deps, { login: b.idNumber, password: "Demo2026pw", ip })).personId).toBe(
      b.id,
    );
    expect(
      (await signInWithPassword(deps, { login: withOwn.idNumber, password: PASSWORD, ip })).personId,
    ).toBe(withOwn.id);
    expect(await seedDemoPasswords({ orm }, [], "Demo2026pw")).toBe(0);
    expect((await rejection(seedDemoPasswords({ orm }, [a.id], "short"))).code).toBe("VALIDATION");
  });
});
