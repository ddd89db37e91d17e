import type { Redis } from "ioredis";
import type { MikroORM, PiiCipher } from "../../platform/index.ts";
import { type Actor, type Ctx, recordAudit } from "../../registry/index.ts";
import type { SmsTransport } from "./sms-transport.ts";

/** A fixed window: at most `points` within `duration` seconds; when exceeded, refused for `blockDuration`. */
export interface Limit {
  points: number;
  duration: number;
  blockDuration?: number;
}

/** The limits of sign-in and sign-in codes; tests pass shorter ones. */
export interface AccountLimits {
  /** Failed sign-ins per account (the person, or the login's blind index when no account matches). */
  accountFailures: Limit;
  /**
   * Failed sign-ins per client IP. Higher than per account on purpose: a town hall, a school or a mobile
   * carrier puts many residents behind one NAT address, and a few people's typos must not lock out the
   * rest. It still stops one address from guessing across many accounts.
   */
  ipFailures: Limit;
  /** Sign-in codes per phone: one per window, so a resend comes no sooner than `duration` seconds. */
  smsResend: Limit;
  /** Sign-in codes per phone per rolling day. */
  smsPerPhoneDaily: Limit;
  /** Sign-in codes requested per client IP per hour. */
  smsPerIpHourly: Limit;
  /** How long a sign-in code stays valid. */
  codeTtlSeconds: number;
  /** Wrong tries after which a sign-in code is deleted. */
  codeMaxAttempts: number;
}

export const DEFAULT_ACCOUNT_LIMITS: AccountLimits = {
  accountFailures: { points: 5, duration: 900, blockDuration: 900 },
  ipFailures: { points: 20, duration: 900, blockDuration: 900 },
  smsResend: { points: 1, duration: 60 },
  smsPerPhoneDaily: { points: 10, duration: 86_400 },
  smsPerIpHourly: { points: 20, duration: 3600 },
  codeTtlSeconds: 300,
  codeMaxAttempts: 5,
};

/** What the account use cases need: the database, Redis for counters and codes, the cipher and SMS. */
export interface AccountDeps {
  orm: MikroORM;
  redis: Redis;
  pii: PiiCipher;
  sms: SmsTransport;
  /** Prefix of every Redis key written here, e.g. "tongban". */
  keyPrefix: string;
  now?: () => Date;
  /** Overrides of {@link DEFAULT_ACCOUNT_LIMITS}. */
  limits?: Partial<AccountLimits>;
}

/** Who signed in, and how. */
export interface SignInResult {
  personId: string;
  name: string;
  method: "password" | "sms";
}

/** The actor of everything the identity service records on its own behalf. */
export const IDENTITY_ACTOR: Actor = { type: "system", name: "统一身份认证" };

export function nowOf(deps: Pick<AccountDeps, "now">): Date {
  return deps.now ? deps.now() : new Date();
}

export function limitsOf(deps: Pick<AccountDeps, "limits">): AccountLimits {
  return { ...DEFAULT_ACCOUNT_LIMITS, ...deps.limits };
}

/** A registry context on a fresh unit of work, for the registry's read use cases. */
export function registryCtx(deps: Pick<AccountDeps, "orm" | "pii" | "now">): Ctx {
  return { em: deps.orm.em.fork(), actor: IDENTITY_ACTOR, now: nowOf(deps), pii: deps.pii };
}

/** Writes one audit row in its own unit of work; never pass a password or a code in `detail`. */
export async function audit(
  deps: Pick<AccountDeps, "orm" | "now">,
  actor: Actor,
  action: string,
  subject: { type: string; id: string },
  detail: Record<string, unknown>,
): Promise<void> {
  const em = deps.orm.em.fork();
  recordAudit(em, actor, nowOf(deps), action, subject, detail);
  await em.flush();
}
