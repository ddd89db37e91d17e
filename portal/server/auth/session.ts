import type { Request, Response } from "express";
import * as oidc from "openid-client";
import { z } from "zod";
import { parseSubject } from "../../../identity/index.ts";
import { logger } from "../../../platform/index.ts";
import { type Actor, listDepartments, listMembershipsOfPerson } from "../../../registry/index.ts";
import type { PortalServices, SessionUser } from "../../app/services.ts";
import type { Runtime } from "../runtime.ts";
import type { AuthContext } from "./auth-context.ts";
import {
  type CookieSettings,
  clearSessionCookie,
  cookieSettings,
  createSessionStore,
  readCookie,
  readSessionId,
  SESSION_COOKIE,
  type SessionStore,
  type StoredSession,
} from "./session-store.ts";

/** The scopes the portal asks for: identity, refresh, name, and Tongban's acting-identity claims. */
export const PORTAL_SCOPES = "openid offline_access profile tongban";
/** Refresh a little before expiry, so a token never expires between the check and its use. */
const REFRESH_MARGIN_MS = 30_000;
const REFRESH_LOCK_MS = 15_000;
const REFRESH_WAIT_MS = 10_000;

// ---------------------------------------------------------------------------------------------------
// The relying-party configuration: discovered lazily, because the built-in issuer is this very server
// and is not listening yet when the app is built. One per AuthContext, i.e. one per process.

const configs = new WeakMap<AuthContext, Promise<oidc.Configuration>>();

/** The openid-client configuration of the portal client, discovered on first use and then cached. */
export function oidcConfig(auth: AuthContext): Promise<oidc.Configuration> {
  let config = configs.get(auth);
  if (!config) {
    const issuer = new URL(auth.issuer);
    config = oidc.discovery(
      issuer,
      auth.client.clientId,
      { client_secret: auth.client.clientSecret, id_token_signed_response_alg: "RS256" },
      oidc.ClientSecretBasic(auth.client.clientSecret),
      { execute: issuer.protocol === "http:" ? [oidc.allowInsecureRequests] : [], timeout: 10 },
    );
    // A failed discovery (issuer not up yet, network) is retried by the next request, not cached.
    config.catch(() => configs.delete(auth));
    configs.set(auth, config);
  }
  return config;
}

/** The session store and cookie settings of this runtime. */
export function sessionDeps(rt: Runtime): { store: SessionStore; cookies: CookieSettings } {
  const publicUrl = rt.env.PUBLIC_URL ?? `http://localhost:${rt.env.PORT}`;
  return {
    store: createSessionStore(rt.redis, rt.env.QUEUE_PREFIX),
    cookies: cookieSettings(rt.appSecret, publicUrl),
  };
}

const JWT_REGISTERED = new Set([
  "iss",
  "aud",
  "exp",
  "iat",
  "nbf",
  "jti",
  "nonce",
  "at_hash",
  "c_hash",
  "azp",
]);

/** A session's content from a token endpoint answer; what the answer lacks is kept from `previous`. */
export function sessionFromTokens(
  tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers,
  previous?: StoredSession,
  now = Date.now(),
): StoredSession {
  const idClaims = tokens.claims();
  const claims = idClaims
    ? Object.fromEntries(Object.entries(idClaims).filter(([k]) => !JWT_REGISTERED.has(k)))
    : (previous?.claims ?? {});
  const subject = idClaims?.sub ?? previous?.subject;
  if (!subject) throw new Error("the token endpoint returned no ID token");
  return {
    subject,
    tokens: {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token ?? previous?.tokens.refreshToken,
      idToken: tokens.id_token ?? previous?.tokens.idToken,
      expiresAt: now + (tokens.expires_in ?? 300) * 1000,
    },
    claims,
    createdAt: previous?.createdAt ?? new Date(now).toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------------
// Claims -> SessionUser

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const ZClaims = z.object({
  sub: z.string(),
  name: z.string().min(1),
  id_number_masked: z.string().nullish(),
  real_name_level: z.number().int().nullish(),
  staff_posts: z
    .array(z.object({ department: z.string(), roles: z.array(z.string()) }))
    .nullish()
    .transform((v) => v ?? []),
  acting_for: z.discriminatedUnion("type", [
    z.object({ type: z.literal("person"), name: z.string().optional() }),
    z.object({
      type: z.literal("enterprise"),
      enterprise_id: z.string().regex(UUID),
      uscc: z.string(),
      name: z.string(),
      role: z.enum(["legal_rep", "admin", "agent"]),
      scope: z.union([z.literal("all"), z.array(z.string())]),
    }),
  ]),
});

async function toSessionUser(rt: Runtime, session: StoredSession, now: Date): Promise<SessionUser | null> {
  const parsed = ZClaims.safeParse({ ...session.claims, sub: session.subject });
  const subject = parseSubject(session.subject);
  if (!parsed.success || !subject) return null;
  const c = parsed.data;
  const af = c.acting_for;
  // The subject names the acting identity; claims that disagree with it are not trusted.
  if ((af.type === "enterprise" ? af.enterprise_id : null) !== subject.enterpriseId) return null;

  const actor: Actor = { type: "person", personId: subject.personId, name: c.name };
  const ctx = { em: rt.orm.em.fork(), actor, now, pii: rt.pii };
  const memberships = await listMembershipsOfPerson(ctx, subject.personId);
  return {
    personId: subject.personId,
    name: c.name,
    idNumberMasked: c.id_number_masked ?? "",
    realNameLevel: c.real_name_level ?? 0,
    staffPosts: c.staff_posts,
    actingFor:
      af.type === "person"
        ? { type: "person", name: c.name }
        : {
            type: "enterprise",
            enterpriseId: af.enterprise_id,
            uscc: af.uscc,
            name: af.name,
            role: af.role,
            scope: af.scope,
          },
    enterprises: memberships.map((m) => ({
      enterpriseId: m.enterpriseId,
      uscc: m.enterprise.uscc,
      name: m.enterprise.name,
      role: m.role,
    })),
  };
}

// ---------------------------------------------------------------------------------------------------
// Refresh

type RefreshOutcome = { kind: "ok"; session: StoredSession } | { kind: "refused" } | { kind: "unavailable" };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Refresh tokens rotate, and the provider treats a reused one as stolen. So one request of a browser
 * refreshes under a Redis lock; the others wait for the rotated tokens instead of spending the old one.
 */
async function refreshSession(
  auth: AuthContext,
  store: SessionStore,
  id: string,
  seen: StoredSession,
): Promise<RefreshOutcome> {
  if (!seen.tokens.refreshToken) return { kind: "refused" };
  const release = await store.lockRefresh(id, REFRESH_LOCK_MS);
  if (!release) {
    const deadline = Date.now() + REFRESH_WAIT_MS;
    while (Date.now() < deadline) {
      await sleep(100);
      const s = await store.load(id);
      if (!s) return { kind: "refused" };
      if (s.tokens.refreshToken !== seen.tokens.refreshToken) return { kind: "ok", session: s };
    }
    return { kind: "unavailable" };
  }
  try {
    const current = await store.load(id);
    if (!current) return { kind: "refused" };
    if (current.tokens.refreshToken !== seen.tokens.refreshToken) return { kind: "ok", session: current };
    const refreshToken = current.tokens.refreshToken;
    if (!refreshToken) return { kind: "refused" };
    let next: StoredSession;
    try {
      const tokens = await oidc.refreshTokenGrant(await oidcConfig(auth), refreshToken);
      next = sessionFromTokens(tokens, current);
    } catch (e) {
      // The provider said no (revoked delegation, expired or reused token): the session is over.
      if (e instanceof oidc.ResponseBodyError && e.status < 500) return { kind: "refused" };
      logger.warn({ err: e instanceof Error ? e.message : String(e) }, "token refresh failed");
      return { kind: "unavailable" };
    }
    if (next.subject !== current.subject) return { kind: "refused" };
    if (!(await store.save(id, next))) return { kind: "refused" };
    return { kind: "ok", session: next };
  } finally {
    await release();
  }
}

// ---------------------------------------------------------------------------------------------------
// The request's session, resolved once per request however many loaders ask.

interface Loaded {
  id: string;
  session: StoredSession;
  user: SessionUser;
}

const perRequest = new WeakMap<Request, Promise<Loaded | null>>();

function loadSession(rt: Runtime, auth: AuthContext, req: Request, res: Response): Promise<Loaded | null> {
  let p = perRequest.get(req);
  if (!p) {
    p = resolveSession(rt, auth, req, res);
    perRequest.set(req, p);
  }
  return p;
}

async function resolveSession(
  rt: Runtime,
  auth: AuthContext,
  req: Request,
  res: Response,
): Promise<Loaded | null> {
  const { store, cookies } = sessionDeps(rt);
  const signOut = async (id: string | null) => {
    if (id) await store.destroy(id);
    if (!res.headersSent) clearSessionCookie(res, cookies);
    return null;
  };
  const id = readSessionId(req, cookies);
  if (!id) return readCookie(req, SESSION_COOKIE) === undefined ? null : signOut(null);
  let session = await store.load(id);
  if (!session) return signOut(null);

  if (session.tokens.expiresAt - Date.now() < REFRESH_MARGIN_MS) {
    const outcome = await refreshSession(auth, store, id, session);
    if (outcome.kind === "refused") return signOut(id);
    if (outcome.kind === "ok") session = outcome.session;
    // Provider unreachable: keep the session for a later try, but do not vouch for an expired token.
    else if (session.tokens.expiresAt <= Date.now()) return null;
  }
  const user = await toSessionUser(rt, session, new Date());
  if (!user) {
    logger.warn({ subject: session.subject }, "session claims unreadable; signed out");
    return signOut(id);
  }
  return { id, session, user };
}

/** The portal's signed-in session (openid-client relying party). */
export function createSessionServices(
  rt: Runtime,
  auth: AuthContext,
  req: Request,
  res: Response,
): PortalServices["session"] {
  return {
    currentUser: async () => (await loadSession(rt, auth, req, res))?.user ?? null,
  };
}

/** Where a sign-in should come back to: the page asked for (a loader's data request maps to its page). */
function returnPath(req: Request): string {
  const url = new URL(req.originalUrl || req.url, "http://localhost");
  url.searchParams.delete("_routes");
  let path = url.pathname;
  if (path === "/_root.data") path = "/";
  else if (path.endsWith(".data")) path = path.slice(0, -".data".length);
  return `${path}${url.search}`;
}

/**
 * The use-case actor of the signed-in person: acting for an enterprise, or as themself with their first
 * staff post. Anonymous requests get a thrown redirect to sign-in (a full document load, since /auth is
 * not a page of the app) that comes back here.
 */
export async function requireActor(
  rt: Runtime,
  auth: AuthContext,
  req: Request,
  res: Response,
): Promise<Actor> {
  return (await requireSignedIn(rt, auth, req, res)).actor;
}

/** The signed-in user and their use-case actor from one session load; anonymous → redirect to sign-in. */
export async function requireSignedIn(
  rt: Runtime,
  auth: AuthContext,
  req: Request,
  res: Response,
): Promise<{ user: SessionUser; actor: Actor }> {
  const loaded = await loadSession(rt, auth, req, res);
  if (!loaded) {
    throw new Response(null, {
      status: 302,
      headers: {
        Location: `/auth/login?returnTo=${encodeURIComponent(returnPath(req))}`,
        "X-Remix-Reload-Document": "true",
      },
    });
  }
  const { user } = loaded;
  const actor: Extract<Actor, { type: "person" }> = {
    type: "person",
    personId: user.personId,
    name: user.name,
  };
  if (user.actingFor.type === "enterprise") {
    actor.actingFor = { enterpriseId: user.actingFor.enterpriseId, role: user.actingFor.role };
    return { user, actor };
  }
  const post = user.staffPosts[0];
  if (post) {
    const ctx = { em: rt.orm.em.fork(), actor, now: rt.clock.now(), pii: rt.pii };
    const department = (await listDepartments(ctx)).find((d) => d.code === post.department);
    if (department) actor.staff = { departmentId: department.id, roles: [...post.roles] };
  }
  return { user, actor };
}
