import { DomainError, logger, maskPhone } from "../../platform/index.ts";
import { type AccountDeps, audit, IDENTITY_ACTOR, limitsOf, nowOf } from "./account-deps.ts";
import { chargeAll, type LimitStep, makeLimiter, refund, retryError } from "./limiters.ts";
import { parsePhone, resolveLogin } from "./resolve-login.ts";
import { discardCode, newCode, storeCode } from "./sms-code-store.ts";

/** The text of a sign-in code message. */
export function signInCodeMessage(code: string, ttlSeconds: number): string {
  return `【云港政务】您的登录验证码为 ${code}，${Math.round(ttlSeconds / 60)} 分钟内有效。如非本人操作，请忽略。`;
}

const TOO_OFTEN: Record<string, string> = {
  resend: "获取验证码过于频繁",
  "phone-day": "该手机号今日获取验证码次数已达上限",
  "ip-hour": "获取验证码过于频繁",
};

/**
 * Sends a 6-digit sign-in code to a phone. Limits: one per phone per minute, 10 per phone per day and
 * 20 per client IP per hour (RATE_LIMITED with the time to retry). A phone that belongs to nobody gets
 * the same answer and counts against the same limits, but nothing is sent, so the answer does not tell
 * whether the number is registered.
 */
export async function sendSignInCode(
  deps: AccountDeps,
  input: { phone: string; ip: string },
): Promise<{ expiresInSeconds: number; resendAfterSeconds: number }> {
  const phone = parsePhone(input.phone, "phone");
  const account = await resolveLogin(deps, { kind: "phone", value: phone }, "phone");
  const limits = limitsOf(deps);
  const ip = input.ip.trim() || "unknown";
  const phoneHash = account.loginHash;
  const steps: LimitStep[] = [
    { scope: "resend", limit: limits.smsResend, key: phoneHash },
    { scope: "phone-day", limit: limits.smsPerPhoneDaily, key: phoneHash },
    { scope: "ip-hour", limit: limits.smsPerIpHourly, key: ip },
  ].map((s) => ({ ...s, limiter: makeLimiter(deps, `sms-${s.scope}`, s.limit) }));
  const { refused } = await chargeAll(steps);
  if (refused) throw retryError(nowOf(deps), refused.msBeforeNext, TOO_OFTEN[refused.scope]);

  const answer = { expiresInSeconds: limits.codeTtlSeconds, resendAfterSeconds: limits.smsResend.duration };
  const person = account.person;
  if (!person) return answer;

  const code = newCode();
  await storeCode(deps, phoneHash, phone, person.id, code);
  try {
    await deps.sms.send(phone, signInCodeMessage(code, limits.codeTtlSeconds));
  } catch (e) {
    // Nothing reached the person: drop the code and give the counters back so they can retry at once.
    await discardCode(deps, phoneHash);
    await refund(steps);
    logger.warn({ err: (e as Error).message, transport: deps.sms.kind }, "sign-in code not sent");
    throw new DomainError("UNAVAILABLE", "短信发送失败，请稍后重试");
  }
  await audit(
    deps,
    IDENTITY_ACTOR,
    "auth.sms.sent",
    { type: "person", id: person.id },
    {
      purpose: "signin",
      ip,
      to: maskPhone(phone),
      transport: deps.sms.kind,
    },
  );
  return answer;
}
