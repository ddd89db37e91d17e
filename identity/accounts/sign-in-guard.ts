import { DomainError } from "../../platform/index.ts";
import {
  type AccountDeps,
  audit,
  IDENTITY_ACTOR,
  limitsOf,
  nowOf,
  type SignInResult,
} from "./account-deps.ts";
import { chargeAll, type LimitStep, makeLimiter, refund, retryAfterSeconds, retryError } from "./limiters.ts";
import type { ResolvedLogin } from "./resolve-login.ts";

const LOCKED_OUT = "登录失败次数过多";

/**
 * Runs one sign-in attempt under the lockout shared by every method: failures are counted per account
 * and per client IP; when either reaches its limit, further attempts are refused until the block ends,
 * even with the right secret. `check` returns null on success or the reason of the failure (audited only,
 * never shown: the person sees `failureMessage` whatever went wrong).
 */
export async function guardedSignIn(
  deps: AccountDeps,
  account: ResolvedLogin,
  attempt: { ip: string; method: SignInResult["method"]; failureMessage: string },
  check: () => Promise<string | null>,
): Promise<SignInResult> {
  const limits = limitsOf(deps);
  const ip = attempt.ip.trim() || "unknown";
  const accountStep: LimitStep = {
    scope: "account",
    limiter: makeLimiter(deps, "login-fail-account", limits.accountFailures),
    key: account.accountKey,
    limit: limits.accountFailures,
  };
  const ipStep: LimitStep = {
    scope: "ip",
    limiter: makeLimiter(deps, "login-fail-ip", limits.ipFailures),
    key: ip,
    limit: limits.ipFailures,
  };
  // A point is charged before checking and given back on success, so only failures stay counted.
  const { refused, charged } = await chargeAll([accountStep, ipStep]);
  // Refused attempts are not audited one by one: the lockout row says when the block began, and an
  // attacker hammering a locked account must not be able to flood audit_log.
  if (refused) throw retryError(nowOf(deps), refused.msBeforeNext, LOCKED_OUT);

  const detail = { method: attempt.method, ip, login: account.login.kind };
  const reason = await check();
  const person = account.person;
  if (reason === null && person) {
    await Promise.all([accountStep.limiter.delete(accountStep.key), refund([ipStep])]);
    await audit(
      deps,
      { type: "person", personId: person.id, name: person.name },
      "auth.signin.success",
      { type: "person", id: person.id },
      detail,
    );
    return { personId: person.id, name: person.name, method: attempt.method };
  }

  await audit(deps, IDENTITY_ACTOR, "auth.signin.failure", account.subject, {
    ...detail,
    reason: reason ?? "unknown_account",
  });
  for (const { step, res } of charged) {
    if (res.remainingPoints > 0) continue;
    // The limit is reached with this failure: the block starts now and lasts the full blockDuration.
    const seconds = step.limit.blockDuration || step.limit.duration;
    await step.limiter.block(step.key, seconds);
    await audit(deps, IDENTITY_ACTOR, "auth.signin.lockout", account.subject, {
      ...detail,
      scope: step.scope,
      retryAfterSeconds: retryAfterSeconds(seconds * 1000),
    });
  }
  throw new DomainError("UNAUTHENTICATED", attempt.failureMessage);
}
