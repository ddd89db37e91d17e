import { afterAll, describe, expect, it } from "vitest";
import { freshIdNumber, makePerson } from "../../registry/testing/factories.ts";
import { type AccountDeps, setPassword, signInWithPassword } from "./index.ts";
import { auditOf, closeAccountsEnv, freshIp, rejection, testDeps } from "./testing/account-test-env.ts";

afterAll(closeAccountsEnv);

const PASSWORD = "Yungang2026";

async function personWithPassword() {
  const p = await makePerson();
  await setPassword(await testDeps(), p.id, PASSWORD);
  return p;
}

async function failTimes(deps: AccountDeps, login: string, ip: string, times: number) {
  for (let i = 0; i < times; i++) {
    const e = await rejection(signInWithPassword(deps, { login, password: "Wrong12345", ip }));
    expect(e.code).toBe("UNAUTHENTICATED");
  }
}

/** "HH:mm" in China time, rounded up to the minute. */
function chinaClock(at: Date): string {
  const up = new Date(Math.ceil(at.getTime() / 60_000) * 60_000 + 8 * 3600_000);
  return up.toISOString().slice(11, 16);
}

describe("lockout", () => {
  it("refuses even the right password after 5 failures, names the retry time, and lifts when cleared", async () => {
    const p = await personWithPassword();
    const now = new Date("2026-03-02T06:00:10Z");
    const deps = await testDeps({ now: () => now });
    const ip = freshIp();
    await failTimes(deps, p.idNumber, ip, 5);
    // The phone names the same account, so it is locked too.
    const e = await rejection(signInWithPassword(deps, { login: p.phone!, password: PASSWORD, ip }));
    expect(e.code).toBe("RATE_LIMITED");
    const seconds = Number(e.details.find((d) => d.path === "retryAfterSeconds")?.message);
    expect(seconds).toBeGreaterThan(890);
    expect(seconds).toBeLessThanOrEqual(900);
    expect(e.message).toBe(
      `登录失败次数过多，请于 ${chinaClock(new Date(now.getTime() + seconds * 1000))} 后重试`,
    );
    expect(e.message).toMatch(/请于 14:1[56] 后重试$/);
    const actions = (await auditOf(p.id)).map((a) => a.action);
    expect(actions.filter((a) => a === "auth.signin.failure")).toHaveLength(5);
    expect(actions).toContain("auth.signin.lockout");

    await deps.redis.del(`${deps.keyPrefix}:login-fail-account:${p.id}`);
    expect(await signInWithPassword(deps, { login: p.idNumber, password: PASSWORD, ip })).toMatchObject({
      personId: p.id,
    });
  });

  it("lifts by itself when the block ends", async () => {
    const p = await personWithPassword();
    const deps = await testDeps({
      limits: { accountFailures: { points: 5, duration: 900, blockDuration: 1 } },
    });
    const ip = freshIp();
    await failTimes(deps, p.idNumber, ip, 5);
    const e = await rejection(signInWithPassword(deps, { login: p.idNumber, password: PASSWORD, ip }));
    expect(e).toMatchObject({ code: "RATE_LIMITED", message: "登录失败次数过多，请于 1 秒后重试" });
    await new Promise((r) => setTimeout(r, 1300));
    expect((await signInWithPassword(deps, { login: p.idNumber, password: PASSWORD, ip })).personId).toBe(
      p.id,
    );
  });

  it("locks an unknown login by its blind index", async () => {
    const deps = await testDeps();
    const unknown = freshIdNumber();
    await failTimes(deps, unknown, freshIp(), 5);
    const e = await rejection(
      signInWithPassword(deps, { login: unknown, password: PASSWORD, ip: freshIp() }),
    );
    expect(e.code).toBe("RATE_LIMITED");
    const audit = await auditOf(deps.pii.blindIndex(unknown, "id"));
    expect(audit.map((a) => a.action)).toContain("auth.signin.lockout");
  });

  it("resets the account counter on success", async () => {
    const p = await personWithPassword();
    const deps = await testDeps();
    const ip = freshIp();
    await failTimes(deps, p.idNumber, ip, 4);
    await signInWithPassword(deps, { login: p.idNumber, password: PASSWORD, ip });
    await failTimes(deps, p.idNumber, ip, 4);
    expect((await signInWithPassword(deps, { login: p.idNumber, password: PASSWORD, ip })).personId).toBe(
      p.id,
    );
  });

  it("locks a client IP after its own, higher limit, across accounts", async () => {
    const p = await personWithPassword();
    const deps = await testDeps({ limits: { ipFailures: { points: 3, duration: 900, blockDuration: 900 } } });
    const ip = freshIp();
    for (let i = 0; i < 3; i++) await failTimes(deps, freshIdNumber(), ip, 1);
    const e = await rejection(signInWithPassword(deps, { login: p.idNumber, password: PASSWORD, ip }));
    expect(e.code).toBe("RATE_LIMITED");
    // The account itself was not charged for the refused attempt: another address gets in at once.
    expect(
      (await signInWithPassword(deps, { login: p.idNumber, password: PASSWORD, ip: freshIp() })).personId,
    ).toBe(p.id);
  });
});
