import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { DomainError } from "../../platform/index.ts";
import type { AccountDeps, Limit } from "./account-deps.ts";

/** One counter to charge: a limiter and the key it counts. */
export interface LimitStep {
  /** What the counter is about, for the audit ("account", "ip", …). */
  scope: string;
  limiter: RateLimiterRedis;
  key: string;
  limit: Limit;
}

/** A counter that said no, and for how much longer. */
export interface Refusal {
  scope: string;
  msBeforeNext: number;
}

/** A Redis-backed limiter under `${keyPrefix}:${name}`. */
export function makeLimiter(deps: AccountDeps, name: string, limit: Limit): RateLimiterRedis {
  return new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: `${deps.keyPrefix}:${name}`,
    points: limit.points,
    duration: limit.duration,
    blockDuration: limit.blockDuration ?? 0,
  });
}

/**
 * Charges one point on every step, in order. Charging before the work (not after a failure) is atomic
 * in Redis, so parallel requests cannot slip past a limit together. When a step refuses, the points
 * already charged on earlier steps are given back and the refusal is returned.
 */
export async function chargeAll(
  steps: LimitStep[],
): Promise<{ refused: Refusal | null; charged: { step: LimitStep; res: RateLimiterRes }[] }> {
  const charged: { step: LimitStep; res: RateLimiterRes }[] = [];
  for (const step of steps) {
    try {
      charged.push({ step, res: await step.limiter.consume(step.key, 1) });
    } catch (e) {
      // The limiter rejects with a RateLimiterRes when the limit is reached, with an Error when Redis fails.
      if (!(e instanceof RateLimiterRes)) throw e;
      await refund(charged.map((c) => c.step));
      return { refused: { scope: step.scope, msBeforeNext: e.msBeforeNext }, charged: [] };
    }
  }
  return { refused: null, charged };
}

/** Gives back the point charged on each step. */
export async function refund(steps: LimitStep[]): Promise<void> {
  await Promise.all(steps.map((s) => s.limiter.reward(s.key, 1)));
}

export function retryAfterSeconds(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
}

const CHINA_CLOCK = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Shanghai",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** "HH:mm" in China time, rounded up to the minute so that "after HH:mm" is never too early. */
export function chinaClock(at: Date): string {
  return CHINA_CLOCK.format(new Date(Math.ceil(at.getTime() / 60_000) * 60_000));
}

/** RATE_LIMITED naming when to retry, in the message and as `retryAfterSeconds` in the details. */
export function retryError(now: Date, msBeforeNext: number, what: string): DomainError {
  const seconds = retryAfterSeconds(msBeforeNext);
  const when =
    seconds <= 60 ? `${seconds} 秒后` : `${chinaClock(new Date(now.getTime() + seconds * 1000))} 后`;
  return new DomainError("RATE_LIMITED", `${what}，请于 ${when}重试`, [
    { path: "retryAfterSeconds", message: String(seconds) },
  ]);
}
