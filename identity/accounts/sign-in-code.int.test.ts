import { afterAll, describe, expect, it } from "vitest";
import { freshPhone, makePerson } from "../../registry/testing/factories.ts";
import { sendSignInCode, signInWithCode } from "./index.ts";
import {
  auditOf,
  closeAccountsEnv,
  freshIp,
  latestCode,
  messagesTo,
  rejection,
  testDeps,
} from "./testing/account-test-env.ts";

afterAll(closeAccountsEnv);

const ANSWER = { expiresInSeconds: 300, resendAfterSeconds: 60 };

/** A different 6-digit code. */
function otherThan(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, "0");
}

describe("sign-in codes", () => {
  it("sends a code to the dev mailbox that signs in once", async () => {
    const p = await makePerson({ name: "林小港" });
    const deps = await testDeps();
    const ip = freshIp();
    expect(await sendSignInCode(deps, { phone: p.phone!, ip })).toEqual(ANSWER);
    const [message] = await messagesTo(p.phone!);
    const code = await latestCode(p.phone!);
    expect(message).toEqual({
      body: `【云港政务】您的登录验证码为 ${code}，5 分钟内有效。如非本人操作，请忽略。`,
      transport: "dev",
      to_masked: `${p.phone!.slice(0, 3)}****${p.phone!.slice(-4)}`,
    });
    // Redis holds a keyed hash of the code, not the code.
    const [key] = await deps.redis.keys(`${deps.keyPrefix}:sms-code:*`);
    expect(JSON.stringify(await deps.redis.hgetall(key!))).not.toContain(code);

    expect(await signInWithCode(deps, { phone: p.phone!, code, ip })).toEqual({
      personId: p.id,
      name: "林小港",
      method: "sms",
    });
    expect(await rejection(signInWithCode(deps, { phone: p.phone!, code, ip }))).toMatchObject({
      code: "UNAUTHENTICATED",
      message: "验证码错误或已过期",
    });
    const audit = await auditOf(p.id);
    expect(audit.map((a) => a.action)).toEqual([
      "person.register",
      "auth.sms.sent",
      "auth.signin.success",
      "auth.signin.failure",
    ]);
    expect(JSON.stringify(audit)).not.toContain(code);
  });

  it("deletes the code after 5 wrong tries", async () => {
    const p = await makePerson();
    // A higher account limit, so the code's own limit is what is seen.
    const deps = await testDeps({ limits: { accountFailures: { points: 20, duration: 900 } } });
    const ip = freshIp();
    await sendSignInCode(deps, { phone: p.phone!, ip });
    const code = await latestCode(p.phone!);
    for (let i = 0; i < 5; i++) {
      const e = await rejection(signInWithCode(deps, { phone: p.phone!, code: otherThan(code), ip }));
      expect(e.code).toBe("UNAUTHENTICATED");
    }
    expect(await deps.redis.keys(`${deps.keyPrefix}:sms-code:*`)).toEqual([]);
    expect((await rejection(signInWithCode(deps, { phone: p.phone!, code, ip }))).code).toBe(
      "UNAUTHENTICATED",
    );
  });

  it("counts wrong codes towards the account lockout", async () => {
    const p = await makePerson();
    const deps = await testDeps();
    const ip = freshIp();
    await sendSignInCode(deps, { phone: p.phone!, ip });
    const code = await latestCode(p.phone!);
    for (let i = 0; i < 5; i++)
      await rejection(signInWithCode(deps, { phone: p.phone!, code: otherThan(code), ip }));
    expect(await rejection(signInWithCode(deps, { phone: p.phone!, code, ip }))).toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/^登录失败次数过多，请于 \d{2}:\d{2} 后重试$/),
    });
  });

  it("refuses a resend within 60 s and more than the daily number", async () => {
    const p = await makePerson();
    const deps = await testDeps();
    await sendSignInCode(deps, { phone: p.phone!, ip: freshIp() });
    const e = await rejection(sendSignInCode(deps, { phone: p.phone!, ip: freshIp() }));
    expect(e).toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/^获取验证码过于频繁，请于 \d+ 秒后重试$/),
    });
    expect(Number(e.details[0].message)).toBeLessThanOrEqual(60);
    expect(await messagesTo(p.phone!)).toHaveLength(1);

    const daily = await testDeps({
      limits: { smsResend: { points: 5, duration: 60 }, smsPerPhoneDaily: { points: 2, duration: 86_400 } },
    });
    await sendSignInCode(daily, { phone: p.phone!, ip: freshIp() });
    await sendSignInCode(daily, { phone: p.phone!, ip: freshIp() });
    expect((await rejection(sendSignInCode(daily, { phone: p.phone!, ip: freshIp() }))).message).toMatch(
      /^该手机号今日获取验证码次数已达上限，请于 \d{2}:\d{2} 后重试$/,
    );
  });

  it("limits codes per client IP", async () => {
    const deps = await testDeps({ limits: { smsPerIpHourly: { points: 2, duration: 3600 } } });
    const ip = freshIp();
    await sendSignInCode(deps, { phone: freshPhone(), ip });
    await sendSignInCode(deps, { phone: freshPhone(), ip });
    expect((await rejection(sendSignInCode(deps, { phone: freshPhone(), ip }))).code).toBe("RATE_LIMITED");
  });

  it("answers the same for an unknown phone but sends nothing", async () => {
    const deps = await testDeps();
    const phone = freshPhone();
    expect(await sendSignInCode(deps, { phone, ip: freshIp() })).toEqual(ANSWER);
    expect(await messagesTo(phone)).toEqual([]);
    expect((await rejection(sendSignInCode(deps, { phone, ip: freshIp() }))).code).toBe("RATE_LIMITED");
    expect(await rejection(signInWithCode(deps, { phone, code: "123456", ip: freshIp() }))).toMatchObject({
      code: "UNAUTHENTICATED",
      message: "验证码错误或已过期",
    });
  });

  it("validates its input", async () => {
    const deps = await testDeps();
    expect(await rejection(sendSignInCode(deps, { phone: "12345", ip: freshIp() }))).toMatchObject({
      code: "VALIDATION",
      details: [{ path: "phone" }],
    });
    expect(
      await rejection(signInWithCode(deps, { phone: freshPhone(), code: "12ab", ip: freshIp() })),
    ).toMatchObject({
      code: "VALIDATION",
      details: [{ path: "code", message: "验证码应为 6 位数字" }],
    });
    const phone = freshPhone();
    await makePerson({ phone });
    await makePerson({ phone });
    expect((await rejection(sendSignInCode(deps, { phone, ip: freshIp() }))).message).toBe(
      "该手机号关联多个账号，请使用身份证号码登录",
    );
  });
});
