import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import { DomainError, isDomainError } from "../../platform/index.ts";

/** Who called the API, from a verified access token. */
export interface BearerPrincipal {
  /** `sub`: the person, or the client itself for the client-credentials grant. */
  subject: string;
  clientId: string;
  /** The department a department system's token is bound to (`department` claim). */
  departmentCode: string | null;
  scopes: string[];
  /** The `acting_for` claim as issued (enterprise delegation), unparsed. */
  actingFor: unknown | null;
  claims: Record<string, unknown>;
}

/** A source of public keys, e.g. the provider's own key store; re-read when a token names an unknown key. */
export interface KeySource {
  getKeys(): Promise<{ keys: JWK[] }>;
}

export interface BearerVerifierOptions {
  issuer: string;
  audience: string;
  jwks: KeySource | URL;
  clockToleranceSeconds?: number;
}

export interface BearerVerifier {
  verify(
    authorization: string | undefined,
    required: { scopes?: string[]; departmentCode?: string },
  ): Promise<BearerPrincipal>;
}

const ALGORITHMS = ["RS256", "ES256", "PS256"];
/** An unknown `kid` re-reads the keys at most this often, so forged kids cannot hammer the key source. */
const REFRESH_COOLDOWN_MS = 30_000;
/** Keys are re-read at least this often, so a key dropped from the set stops being trusted. */
const MAX_KEY_AGE_MS = 10 * 60_000;
const MAX_HEADER_LENGTH = 8192;
/**
 * A verified token is remembered this long, never past its expiry: a department system sends the same token
 * for minutes, and the RSA check was a tenth of a case pull's CPU. A key dropped from the set is trusted up to
 * 10 minutes anyway (MAX_KEY_AGE_MS), so this adds nothing an attacker could use.
 */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 5000;
// RFC 6750 §2.1 b64token.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

const keysUnavailable = () => new DomainError("UNAVAILABLE", "暂时无法获取令牌签名公钥，请稍后重试");

/** A local key set over `source`, refreshed on an unknown `kid` (at most once per 30 s) and every 10 min. */
function refreshingKeySet(source: KeySource): JWTVerifyGetKey {
  let local: ReturnType<typeof createLocalJWKSet> | null = null;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let inflight: Promise<void> | null = null;

  async function fetchKeys(): Promise<void> {
    let jwks: { keys: JWK[] };
    try {
      jwks = await source.getKeys();
    } catch {
      throw keysUnavailable();
    }
    local = createLocalJWKSet(jwks);
    fetchedAt = Date.now();
  }
  // Concurrent requests share one read.
  const load = () => {
    inflight ??= fetchKeys().finally(() => {
      inflight = null;
    });
    return inflight;
  };

  return async (header, token) => {
    if (!local || Date.now() - fetchedAt > MAX_KEY_AGE_MS) await load();
    try {
      return await local!(header, token);
    } catch (e) {
      if (!(e instanceof errors.JWKSNoMatchingKey) || Date.now() - fetchedAt < REFRESH_COOLDOWN_MS) throw e;
      await load();
      return local!(header, token);
    }
  };
}

/** The remote key set, with fetch failures reported as UNAVAILABLE rather than as a bad token. */
function remoteKeySet(url: URL): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(url);
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (e) {
      const keyProblem =
        e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys;
      if (keyProblem) throw e;
      throw keysUnavailable();
    }
  };
}

/** Tokens whose signature and claims were verified, with the instant until which they may be trusted. */
function verifiedTokens(clockToleranceSeconds: number) {
  const entries = new Map<string, { payload: JWTPayload; until: number }>();
  return {
    get(token: string): JWTPayload | null {
      const e = entries.get(token);
      if (!e) return null;
      if (Date.now() < e.until) return e.payload;
      entries.delete(token);
      return null;
    },
    set(token: string, payload: JWTPayload): void {
      if (typeof payload.exp !== "number") return;
      const now = Date.now();
      if (entries.size >= VERIFIED_MAX) {
        for (const [k, e] of entries) if (e.until <= now) entries.delete(k);
        // Still full: forget the oldest (a Map iterates in insertion order).
        if (entries.size >= VERIFIED_MAX) entries.delete(entries.keys().next().value!);
      }
      const expires = (payload.exp + clockToleranceSeconds) * 1000;
      entries.set(token, { payload, until: Math.min(now + VERIFIED_TTL_MS, expires) });
    },
  };
}

function unauthenticated(message = "访问令牌无效或已过期"): DomainError {
  return new DomainError("UNAUTHENTICATED", message);
}

function principalOf(payload: JWTPayload): BearerPrincipal {
  const { sub, client_id, scope, department, acting_for } = payload;
  if (typeof sub !== "string" || typeof client_id !== "string" || !client_id) throw unauthenticated();
  if (scope !== undefined && typeof scope !== "string") throw unauthenticated();
  if (department !== undefined && department !== null && typeof department !== "string")
    throw unauthenticated();
  return {
    subject: sub,
    clientId: client_id,
    departmentCode: department ?? null,
    scopes: scope ? scope.split(" ").filter(Boolean) : [],
    actingFor: acting_for ?? null,
    claims: { ...payload },
  };
}

/**
 * Verifies RFC 9068 JWT access tokens (`typ: at+jwt`) for /api/v1: signature against the issuer's keys,
 * issuer, audience, expiry, then the scopes and department the operation requires. A bad token is
 * UNAUTHENTICATED; a good token without the rights is FORBIDDEN.
 */
export function createBearerVerifier(opts: BearerVerifierOptions): BearerVerifier {
  const getKey = opts.jwks instanceof URL ? remoteKeySet(opts.jwks) : refreshingKeySet(opts.jwks);
  const clockTolerance = opts.clockToleranceSeconds ?? 5;
  const verified = verifiedTokens(clockTolerance);

  /** Signature, issuer, audience, type and expiry; a bad token is UNAUTHENTICATED. */
  async function verifyToken(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, getKey, {
        issuer: opts.issuer,
        audience: opts.audience,
        algorithms: ALGORITHMS,
        typ: "at+jwt",
        clockTolerance,
        // A token without exp would never expire.
        requiredClaims: ["exp", "sub", "client_id"],
      });
      return payload;
    } catch (e) {
      if (isDomainError(e)) throw e;
      if (e instanceof errors.JWTExpired) throw unauthenticated("访问令牌已过期，请重新获取");
      if (e instanceof errors.JOSEError) throw unauthenticated();
      throw e;
    }
  }

  return {
    async verify(authorization, required) {
      if (!authorization?.trim()) throw unauthenticated("缺少访问令牌（Authorization: Bearer <令牌>）");
      const match = authorization.length <= MAX_HEADER_LENGTH ? BEARER.exec(authorization) : null;
      if (!match) throw unauthenticated("Authorization 请求头格式应为 Bearer <令牌>");

      const token = match[1];
      const cached = verified.get(token);
      const payload = cached ?? (await verifyToken(token));
      const principal = principalOf(payload);
      if (!cached) verified.set(token, payload);
      for (const scope of required.scopes ?? []) {
        if (!principal.scopes.includes(scope)) {
          throw new DomainError("FORBIDDEN", `访问令牌缺少权限范围 ${scope}`, [
            { path: "scope", message: scope },
          ]);
        }
      }
      if (required.departmentCode !== undefined && principal.departmentCode !== required.departmentCode) {
        throw new DomainError("FORBIDDEN", `访问令牌不属于部门 ${required.departmentCode}，无权访问其数据`);
      }
      return principal;
    },
  };
}
