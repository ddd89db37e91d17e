import type { Request } from "express";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { type BearerVerifier, createBearerVerifier, loadSigningKeys } from "../../../identity/index.ts";
import { DomainError } from "../../../platform/index.ts";
import { type Ctx, departmentIdByCode } from "../../../registry/index.ts";
import type { IdentityService } from "../identity.ts";
import type { Runtime } from "../runtime.ts";

/** A department system's request: its client id and a context acting as that client. */
export interface ApiCaller {
  clientId: string;
  ctx: Ctx;
}

export interface ApiAuthOptions {
  verifier?: BearerVerifier;
  /** Requests per client per window (fixed window in Redis). */
  rateLimit?: { points: number; durationSeconds: number };
}

/** Rate limit error carrying the seconds to wait, for Retry-After. */
export class RateLimited extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super("RATE_LIMITED", `请求过于频繁，请 ${retryAfterSeconds} 秒后重试`);
  }
}

const PRIVATE_JWK_FIELDS = ["d", "p", "q", "dp", "dq", "qi", "k"];

/** The verifier of the built-in identity service (its own key store), or of the external issuer's JWKS. */
export function defaultVerifier(rt: Runtime, identity?: IdentityService): BearerVerifier {
  if (identity) {
    return createBearerVerifier({
      issuer: identity.issuer,
      audience: "urn:tongban:api",
      jwks: {
        async getKeys() {
          const keys = await loadSigningKeys(rt.orm, rt.pii);
          return {
            keys: keys.map((k) =>
              Object.fromEntries(Object.entries(k).filter(([n]) => !PRIVATE_JWK_FIELDS.includes(n))),
            ),
          };
        },
      },
    });
  }
  const issuer = rt.env.OIDC_ISSUER;
  // Without an identity service (tests of the pages alone) no token can be verified.
  if (!issuer) {
    return {
      verify: async () => {
        throw new DomainError("UNAVAILABLE", "身份认证服务未启用");
      },
    };
  }
  // Keycloak publishes its keys here; the issuer is only set together with an external provider.
  return createBearerVerifier({
    issuer,
    audience: "urn:tongban:api",
    jwks: new URL(`${issuer}/protocol/openid-connect/certs`),
  });
}

/**
 * Authenticates /api/v1 requests: the bearer token (issuer, audience, expiry, the endpoint's scope), the
 * client's department, then one point of the client's rate limit.
 */
export function createApiAuth(rt: Runtime, verifier: BearerVerifier, opts: ApiAuthOptions = {}) {
  const limit = opts.rateLimit ?? { points: 600, durationSeconds: 60 };
  const limiter = new RateLimiterRedis({
    storeClient: rt.redis,
    keyPrefix: `${rt.env.QUEUE_PREFIX}:api-rate`,
    points: limit.points,
    duration: limit.durationSeconds,
  });
  const ctxOf = (actor: Ctx["actor"]): Ctx => ({
    em: rt.orm.em.fork(),
    actor,
    now: rt.clock.now(),
    pii: rt.pii,
    storage: rt.storage,
  });

  return async function authenticate(req: Request, scope: string): Promise<ApiCaller> {
    const principal = await verifier.verify(req.headers.authorization, { scopes: [scope] });
    if (!principal.departmentCode) throw new DomainError("FORBIDDEN", "访问令牌未绑定部门");
    try {
      await limiter.consume(principal.clientId);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw new RateLimited(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
      throw e;
    }
    const departmentId = await departmentIdByCode(
      ctxOf({ type: "system", name: "api" }),
      principal.departmentCode,
    );
    if (!departmentId) throw new DomainError("FORBIDDEN", "访问令牌所属部门不存在");
    const actor = {
      type: "client" as const,
      clientId: principal.clientId,
      name: `业务系统 ${principal.clientId}`.slice(0, 100),
      departmentId,
    };
    return { clientId: principal.clientId, ctx: ctxOf(actor) };
  };
}
