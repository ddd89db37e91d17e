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
/**
 * A department's id by code is remembered this long per process: it was one database round trip on every
 * request. Codes do not change hands; a department removed stops being served within a minute.
 */
const DEPARTMENT_TTL_MS = 60_000;

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
  const departments = new Map<string, { id: string; until: number }>();
  const departmentId = async (code: string, em: Ctx["em"]): Promise<string | null> => {
    const hit = departments.get(code);
    if (hit && Date.now() < hit.until) return hit.id;
    const id = await departmentIdByCode(
      { em, actor: { type: "system", name: "api" }, now: rt.clock.now(), pii: rt.pii },
      code,
    );
    // Only known departments are remembered; there are a few dozen, so the map stays small.
    if (id) departments.set(code, { id, until: Date.now() + DEPARTMENT_TTL_MS });
    else departments.delete(code);
    return id;
  };

  return async function authenticate(req: Request, scope: string): Promise<ApiCaller> {
    const principal = await verifier.verify(req.headers.authorization, { scopes: [scope] });
    if (!principal.departmentCode) throw new DomainError("FORBIDDEN", "访问令牌未绑定部门");
    try {
      await limiter.consume(principal.clientId);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw new RateLimited(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
      throw e;
    }
    // One unit of work per request, shared by the look-up and the use case.
    const em = rt.orm.em.fork();
    const deptId = await departmentId(principal.departmentCode, em);
    if (!deptId) throw new DomainError("FORBIDDEN", "访问令牌所属部门不存在");
    const actor = {
      type: "client" as const,
      clientId: principal.clientId,
      name: `业务系统 ${principal.clientId}`.slice(0, 100),
      departmentId: deptId,
    };
    return {
      clientId: principal.clientId,
      ctx: { em, actor, now: rt.clock.now(), pii: rt.pii, storage: rt.storage },
    };
  };
}
