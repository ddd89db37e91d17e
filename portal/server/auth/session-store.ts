import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Request, Response } from "express";
import type { Redis } from "ioredis";
import { z } from "zod";

/** The portal session cookie: a random id, signed; everything else stays in Redis. */
export const SESSION_COOKIE = "tb_session";
/** The login round trip cookie: PKCE verifier, state, nonce and where to go back to. */
export const AUTH_COOKIE = "tb_auth";
/** Sliding: every request that finds the session extends it by this much. */
export const SESSION_TTL_SECONDS = 8 * 3600;
const AUTH_TTL_SECONDS = 10 * 60;

/** What the server keeps for a signed-in browser. */
export interface StoredSession {
  /** The OIDC subject: `personId`, or `personId~enterpriseId` when acting for an enterprise. */
  subject: string;
  tokens: {
    accessToken: string;
    refreshToken?: string;
    idToken?: string;
    /** Epoch milliseconds when the access token expires. */
    expiresAt: number;
  };
  /** The ID token claims the portal uses (name, acting_for, staff_posts, ...). */
  claims: Record<string, unknown>;
  createdAt: string;
}

const ZStoredSession = z.object({
  subject: z.string().min(1),
  tokens: z.object({
    accessToken: z.string(),
    refreshToken: z.string().optional(),
    idToken: z.string().optional(),
    expiresAt: z.number(),
  }),
  claims: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

/** Sessions in Redis under `<prefix>:session:<id>`. */
export interface SessionStore {
  /** Stores a new session under a fresh random id and returns the id. */
  create(session: StoredSession): Promise<string>;
  /** The session, with its lifetime extended; null when unknown, expired or unreadable. */
  load(id: string): Promise<StoredSession | null>;
  /** Replaces the content (after a token refresh); false when the session is gone meanwhile. */
  save(id: string, session: StoredSession): Promise<boolean>;
  destroy(id: string): Promise<void>;
  /** A short exclusive lock for one refresh, so two requests never spend the same refresh token. */
  lockRefresh(id: string, ms: number): Promise<(() => Promise<void>) | null>;
  key(id: string): string;
}

export function createSessionStore(redis: Redis, prefix: string): SessionStore {
  const key = (id: string) => `${prefix}:session:${id}`;
  return {
    key,
    async create(session) {
      const id = randomBytes(32).toString("base64url");
      await redis.set(key(id), JSON.stringify(session), "EX", SESSION_TTL_SECONDS);
      return id;
    },
    async load(id) {
      const [[, raw]] = (await redis.multi().get(key(id)).expire(key(id), SESSION_TTL_SECONDS).exec()) as [
        [Error | null, string | null],
        [Error | null, number],
      ];
      if (!raw) return null;
      try {
        return ZStoredSession.parse(JSON.parse(raw));
      } catch {
        await redis.del(key(id));
        return null;
      }
    },
    async save(id, session) {
      const ok = await redis.set(key(id), JSON.stringify(session), "EX", SESSION_TTL_SECONDS, "XX");
      return ok === "OK";
    },
    async destroy(id) {
      await redis.del(key(id), `${key(id)}:refresh-lock`);
    },
    async lockRefresh(id, ms) {
      const lockKey = `${key(id)}:refresh-lock`;
      const token = randomBytes(16).toString("hex");
      const ok = await redis.set(lockKey, token, "PX", ms, "NX");
      if (ok !== "OK") return null;
      return async () => {
        // Release only our own lock: it may have expired and been taken by another request.
        await redis.eval(
          "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
          1,
          lockKey,
          token,
        );
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Signed cookies. The cookie name is part of the MAC, so a value signed for one cookie is worthless in
// another.

function mac(secret: string, name: string, value: string): string {
  return createHmac("sha256", secret).update(`${name}=${value}`).digest("base64url");
}

export function signCookieValue(secret: string, name: string, value: string): string {
  return `${value}.${mac(secret, name, value)}`;
}

/** The value when the signature holds, else null. */
export function verifyCookieValue(secret: string, name: string, signed: string | undefined): string | null {
  if (!signed) return null;
  const dot = signed.lastIndexOf(".");
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1));
  const expected = Buffer.from(mac(secret, name, value));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return value;
}

/** One cookie from the request's Cookie header (Express parses none by itself). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Options the cookies share; Secure follows the public URL, so plain-http development still works. */
export interface CookieSettings {
  secret: string;
  secure: boolean;
}

export function cookieSettings(appSecret: string, publicUrl: string): CookieSettings {
  return { secret: appSecret, secure: publicUrl.startsWith("https:") };
}

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** The session id from a correctly signed `tb_session` cookie, else null (a tampered cookie is no cookie). */
export function readSessionId(req: Request, c: CookieSettings): string | null {
  const id = verifyCookieValue(c.secret, SESSION_COOKIE, readCookie(req, SESSION_COOKIE));
  return id && SESSION_ID.test(id) ? id : null;
}

export function setSessionCookie(res: Response, c: CookieSettings, id: string): void {
  // A browser-session cookie: the 8-hour sliding lifetime is enforced by Redis, not by the browser.
  res.cookie(SESSION_COOKIE, signCookieValue(c.secret, SESSION_COOKIE, id), {
    httpOnly: true,
    sameSite: "lax",
    secure: c.secure,
    path: "/",
    encode: String,
  });
}

export function clearSessionCookie(res: Response, c: CookieSettings): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: "lax", secure: c.secure, path: "/" });
}

/** What the login round trip must remember between /auth/login and /auth/callback. */
export interface AuthRoundTrip {
  codeVerifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

const ZAuthCookie = z.object({
  v: z.string().min(43).max(128),
  s: z.string().min(1).max(200),
  n: z.string().min(1).max(200),
  r: z.string().startsWith("/").max(2000),
  exp: z.number(),
});

export function setAuthCookie(res: Response, c: CookieSettings, trip: AuthRoundTrip, now = Date.now()): void {
  const payload = {
    v: trip.codeVerifier,
    s: trip.state,
    n: trip.nonce,
    r: trip.returnTo,
    exp: now + AUTH_TTL_SECONDS * 1000,
  };
  const value = Buffer.from(JSON.stringify(payload)).toString("base64url");
  res.cookie(AUTH_COOKIE, signCookieValue(c.secret, AUTH_COOKIE, value), {
    httpOnly: true,
    sameSite: "lax",
    secure: c.secure,
    path: "/auth",
    maxAge: AUTH_TTL_SECONDS * 1000,
    encode: String,
  });
}

/** The round trip from a correctly signed, unexpired `tb_auth` cookie, else null. */
export function readAuthCookie(req: Request, c: CookieSettings, now = Date.now()): AuthRoundTrip | null {
  const value = verifyCookieValue(c.secret, AUTH_COOKIE, readCookie(req, AUTH_COOKIE));
  if (!value) return null;
  try {
    const p = ZAuthCookie.parse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    if (p.exp < now) return null;
    return { codeVerifier: p.v, state: p.s, nonce: p.n, returnTo: p.r };
  } catch {
    return null;
  }
}

export function clearAuthCookie(res: Response, c: CookieSettings): void {
  res.clearCookie(AUTH_COOKIE, { httpOnly: true, sameSite: "lax", secure: c.secure, path: "/auth" });
}
