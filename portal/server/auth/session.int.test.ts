import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Response as ExpressResponse, Request } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnv } from "../../../platform/index.ts";
import { listMembers, revokeMember, SYSTEM } from "../../../registry/index.ts";
import { makeDepartment, makeEnterprise, makePerson, unique } from "../../../registry/testing/factories.ts";
import { testCtx } from "../../../registry/testing/test-env.ts";
import { createHttpApp } from "../app.ts";
import { loadAppSource } from "../app-source.ts";
import { type IdentityService, startIdentity } from "../identity.ts";
import { bootRuntime, type Runtime } from "../runtime.ts";
import { createPortalServices } from "../services.ts";
import { type AuthContext, createAuthContext } from "./auth-context.ts";
import { createSessionServices, requireActor } from "./session.ts";
import {
  AUTH_COOKIE,
  createSessionStore,
  SESSION_COOKIE,
  type SessionStore,
  type StoredSession,
  signCookieValue,
} from "./session-store.ts";
import { CookieJar, finishInteractionAs, followLogin, locationOf } from "./testing.ts";

let rt: Runtime;
let identity: IdentityService;
let auth: AuthContext;
let store: SessionStore;
let server: Server;
let base: string;
let dataDir: string;
let closeSource: () => Promise<void>;

/** A free port, so PUBLIC_URL (and with it the issuer) can name the test server before it starts. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  dataDir = await mkdtemp(path.join(tmpdir(), "tongban-session-"));
  rt = await bootRuntime(
    loadEnv({
      ...process.env,
      DATA_DIR: dataDir,
      MIGRATE_ON_START: "false",
      PUBLIC_URL: base,
      PORT: String(port),
    }),
  );
  identity = await startIdentity(rt);
  auth = createAuthContext(rt, identity);
  store = createSessionStore(rt.redis, rt.env.QUEUE_PREFIX);
  const source = await loadAppSource("vite");
  closeSource = source.close;
  server = createHttpApp(rt, source, identity).listen(port, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
}, 120_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  identity?.stop();
  await closeSource?.();
  await rt?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The decoded tb_auth payload (signed, not encrypted), to check what the round trip remembers. */
function authCookiePayload(jar: CookieJar): { v: string; s: string; n: string; r: string } {
  const signed = jar.get(AUTH_COOKIE);
  if (!signed) throw new Error("no tb_auth cookie");
  return JSON.parse(Buffer.from(signed.slice(0, signed.lastIndexOf(".")), "base64url").toString("utf8"));
}

/** Stores a session the way a sign-in would, and returns the signed cookie for it. */
async function storeSession(
  subject: string,
  claims: Record<string, unknown>,
  tokens: Partial<StoredSession["tokens"]> = {},
): Promise<{ id: string; cookie: string }> {
  const id = await store.create({
    subject,
    tokens: { accessToken: "test-access-token", expiresAt: Date.now() + 300_000, ...tokens },
    claims: { sub: subject, ...claims },
    createdAt: new Date().toISOString(),
  });
  return { id, cookie: `${SESSION_COOKIE}=${signCookieValue(rt.appSecret, SESSION_COOKIE, id)}` };
}

const STEMS = "甲乙丙丁戊己庚辛壬癸";
/** A unique person name: registry names are letters only, so the digits of unique() become stems. */
const uniqueName = (prefix: string) =>
  `${prefix}${[...String(unique())].map((d) => STEMS[Number(d)]).join("")}`;

const personClaims = (name: string) => ({
  name,
  id_number_masked: "3209**********1234",
  real_name_level: 2,
  staff_posts: [],
  acting_for: { type: "person", name },
});

const fakeRes = () => ({ headersSent: false, clearCookie() {}, cookie() {} }) as unknown as ExpressResponse;
const fakeReq = (url: string, cookie?: string) =>
  ({
    headers: cookie ? { cookie } : {},
    originalUrl: url,
    url,
    socket: {},
    ip: "127.0.0.1",
  }) as unknown as Request;

async function page(pathname: string, cookie?: string): Promise<{ res: Response; html: string }> {
  const res = await fetch(`${base}${pathname}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  return { res, html: await res.text() };
}

describe("GET /auth/login", () => {
  it("redirects to the provider with PKCE S256, state, nonce and the registered redirect URI", async () => {
    const jar = new CookieJar();
    const { response, providerUrl } = await followLogin(base, jar, { returnTo: "/items/ABC?x=1" });
    expect(`${providerUrl.origin}${providerUrl.pathname}`).toBe(`${base}/oidc/auth`);
    const q = providerUrl.searchParams;
    expect(q.get("response_type")).toBe("code");
    expect(q.get("client_id")).toBe(identity.portalClient.clientId);
    expect(q.get("redirect_uri")).toBe(`${base}/auth/callback`);
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("scope")).toBe("openid offline_access profile tongban");
    expect(q.get("state")).toBeTruthy();
    expect(q.get("nonce")).toBeTruthy();
    expect(q.has("prompt")).toBe(false);

    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith(`${AUTH_COOKIE}=`)) ?? "";
    expect(setCookie).toMatch(/Path=\/auth/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Max-Age=600/);
    expect(setCookie).not.toMatch(/Secure/);
    const trip = authCookiePayload(jar);
    expect(trip).toMatchObject({ s: q.get("state"), n: q.get("nonce"), r: "/items/ABC?x=1" });

    // The provider accepts the request and starts its sign-in interaction.
    const atProvider = await jar.fetch(providerUrl);
    expect(atProvider.status).toBe(303);
    expect(locationOf(atProvider, base).pathname).toMatch(/^\/auth\/interaction\/[\w-]+$/);
  });

  it("passes acting_for through, and refuses a malformed one", async () => {
    const enterpriseId = crypto.randomUUID();
    const { providerUrl } = await followLogin(base, new CookieJar(), { actingFor: enterpriseId });
    expect(providerUrl.searchParams.get("acting_for")).toBe(enterpriseId);
    const self = await followLogin(base, new CookieJar(), { actingFor: "self" });
    expect(self.providerUrl.searchParams.get("acting_for")).toBe("self");
    const bad = await fetch(`${base}/auth/login?acting_for=${encodeURIComponent("x' or 1=1")}`, {
      redirect: "manual",
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.getSetCookie().some((c) => c.startsWith(`${AUTH_COOKIE}=`))).toBe(false);
  });

  it.each([
    ["//evil.com", "/space"],
    ["https://evil.com/x", "/space"],
    ["/\\evil.com", "/space"],
    ["/auth/logout", "/space"],
    [undefined, "/space"],
    ["/items/ABC", "/items/ABC"],
  ])("keeps returnTo=%s on this site (%s)", async (returnTo, expected) => {
    const jar = new CookieJar();
    await followLogin(base, jar, returnTo === undefined ? {} : { returnTo });
    expect(authCookiePayload(jar).r).toBe(expected);
  });
});

describe("GET /auth/callback", () => {
  it("refuses a wrong state with 400 and stores no session", async () => {
    const jar = new CookieJar();
    await followLogin(base, jar);
    const res = await jar.fetch(
      `${base}/auth/callback?code=abc&state=wrong&iss=${encodeURIComponent(`${base}/oidc`)}`,
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("登录未完成");
    expect(html).toContain('href="/auth/login?returnTo=%2Fspace"');
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
    expect(jar.get(AUTH_COOKIE)).toBeUndefined();
  });

  it("refuses a callback without the tb_auth cookie, and a tampered one", async () => {
    const none = await fetch(`${base}/auth/callback?code=abc&state=x`, { redirect: "manual" });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("重新登录");

    const jar = new CookieJar();
    await followLogin(base, jar);
    const signed = jar.get(AUTH_COOKIE)!;
    const payload = authCookiePayload(jar);
    const forged = Buffer.from(JSON.stringify({ ...payload, r: "/admin" })).toString("base64url");
    jar.set(AUTH_COOKIE, `${forged}${signed.slice(signed.lastIndexOf("."))}`);
    const res = await jar.fetch(`${base}/auth/callback?code=abc&state=${payload.s}`);
    expect(res.status).toBe(400);
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`))).toBe(false);
  });

  it("shows access_denied as a cancelled sign-in", async () => {
    const jar = new CookieJar();
    const { providerUrl } = await followLogin(base, jar, { returnTo: "/items/ABC" });
    const state = providerUrl.searchParams.get("state")!;
    const iss = encodeURIComponent(`${base}/oidc`);
    const res = await jar.fetch(`${base}/auth/callback?error=access_denied&state=${state}&iss=${iss}`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("您已取消登录");
    expect(html).toContain('href="/auth/login?returnTo=%2Fitems%2FABC"');
  });
});

describe("GET /auth/switch", () => {
  it("refuses a bad target and sends a good one through sign-in with acting_for", async () => {
    expect((await fetch(`${base}/auth/switch?to=nope`, { redirect: "manual" })).status).toBe(400);
    expect((await fetch(`${base}/auth/switch`, { redirect: "manual" })).status).toBe(400);
    const id = crypto.randomUUID();
    const ok = await fetch(`${base}/auth/switch?to=${id}`, { redirect: "manual" });
    expect(ok.status).toBe(302);
    const to = locationOf(ok, base);
    expect(to.pathname).toBe("/auth/login");
    expect(to.searchParams.get("acting_for")).toBe(id);
    expect(to.searchParams.get("returnTo")).toBe("/space");
  });
});

describe("the session cookie", () => {
  it("shows the signed-in person in the header, and treats a tampered cookie as signed out", async () => {
    const person = await makePerson({ name: uniqueName("会话甲") });
    const { id, cookie } = await storeSession(person.id, personClaims(person.name));
    const signedIn = await page("/", cookie);
    expect(signedIn.res.status).toBe(200);
    expect(signedIn.html).toContain(`${person.name} · 个人`);
    expect(signedIn.html).not.toContain('href="/auth/login?returnTo=%2F"');

    const tampered = `${SESSION_COOKIE}=${id}.${"A".repeat(43)}`;
    const out = await page("/", tampered);
    expect(out.html).toContain('href="/auth/login?returnTo=%2F"');
    expect(out.html).not.toContain(person.name);
    expect(out.res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
    // Another session's id with this session's signature is no better.
    const other = await storeSession(person.id, personClaims(person.name));
    const swapped = `${SESSION_COOKIE}=${other.id}.${cookie.slice(cookie.lastIndexOf(".") + 1)}`;
    expect((await page("/", swapped)).html).not.toContain(person.name);
  });

  it("shows the enterprise acted for, with the role", async () => {
    const person = await makePerson({ name: uniqueName("会话乙") });
    const ent = await makeEnterprise({ legalRepPersonId: person.id });
    const { cookie } = await storeSession(`${person.id}~${ent.id}`, {
      ...personClaims(person.name),
      acting_for: {
        type: "enterprise",
        enterprise_id: ent.id,
        uscc: ent.uscc,
        name: ent.name,
        role: "legal_rep",
        scope: "all",
      },
    });
    const { html } = await page("/", cookie);
    expect(html).toContain(`${person.name} · ${ent.name}（法定代表人）`);
  });

  it("destroys a session whose refresh the provider refuses", async () => {
    const person = await makePerson({ name: uniqueName("会话丙") });
    const { id, cookie } = await storeSession(person.id, personClaims(person.name), {
      expiresAt: Date.now() - 1000,
      refreshToken: "bogus-refresh-token",
    });
    const { res, html } = await page("/", cookie);
    expect(res.status).toBe(200);
    expect(html).toContain('href="/auth/login?returnTo=%2F"');
    expect(html).not.toContain(person.name);
    expect(await rt.redis.exists(store.key(id))).toBe(0);
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
  });

  it("waits for a refresh already under way instead of spending the same refresh token", async () => {
    const person = await makePerson({ name: uniqueName("会话戊") });
    const { id, cookie } = await storeSession(person.id, personClaims(person.name), {
      expiresAt: Date.now() - 1000,
      refreshToken: "held-by-another-request",
    });
    const release = await store.lockRefresh(id, 5000);
    expect(release).not.toBeNull();
    const pending = createSessionServices(rt, auth, fakeReq("/", cookie), fakeRes()).currentUser();
    await new Promise((r) => setTimeout(r, 300));
    // The other request finishes: rotated tokens land in Redis. The bogus token was never sent, or the
    // provider would have refused it and this session would be gone.
    const s = JSON.parse((await rt.redis.get(store.key(id)))!) as StoredSession;
    await store.save(id, {
      ...s,
      tokens: { ...s.tokens, refreshToken: "rotated", expiresAt: Date.now() + 300_000 },
    });
    await release!();
    expect((await pending)?.name).toBe(person.name);
    expect(await rt.redis.exists(store.key(id))).toBe(1);
  });

  it("signs out: deletes the session, clears the cookie and goes to the provider's end-session endpoint", async () => {
    const person = await makePerson({ name: uniqueName("会话丁") });
    const { id, cookie } = await storeSession(person.id, personClaims(person.name));
    const res = await fetch(`${base}/auth/logout`, {
      method: "POST",
      headers: { cookie },
      redirect: "manual",
    });
    expect(res.status).toBe(303);
    const to = locationOf(res, base);
    expect(`${to.origin}${to.pathname}`).toBe(`${base}/oidc/session/end`);
    expect(to.searchParams.get("post_logout_redirect_uri")).toBe(`${base}/`);
    expect(await rt.redis.exists(store.key(id))).toBe(0);
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=;`))).toBe(true);
  });
});

describe("requireActor", () => {
  it("throws a document redirect to sign-in that comes back to the page", async () => {
    const thrown = await requireActor(
      rt,
      auth,
      fakeReq("/space/cases.data?page=2&_routes=root"),
      fakeRes(),
    ).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    const r = thrown as Response;
    expect(r.status).toBe(302);
    expect(r.headers.get("location")).toBe(
      `/auth/login?returnTo=${encodeURIComponent("/space/cases?page=2")}`,
    );
    expect(r.headers.get("x-remix-reload-document")).toBe("true");
  });

  it("gives a person acting for an enterprise, or as staff of the first post", async () => {
    const person = await makePerson({ name: uniqueName("行动者") });
    const ent = await makeEnterprise({ legalRepPersonId: person.id });
    const forEnt = await storeSession(`${person.id}~${ent.id}`, {
      ...personClaims(person.name),
      acting_for: {
        type: "enterprise",
        enterprise_id: ent.id,
        uscc: ent.uscc,
        name: ent.name,
        role: "legal_rep",
        scope: "all",
      },
    });
    expect(await requireActor(rt, auth, fakeReq("/space", forEnt.cookie), fakeRes())).toEqual({
      type: "person",
      personId: person.id,
      name: person.name,
      actingFor: { enterpriseId: ent.id, role: "legal_rep" },
    });

    const dept = await makeDepartment();
    const staff = await storeSession(person.id, {
      ...personClaims(person.name),
      staff_posts: [{ department: dept.code, roles: ["clerk", "reviewer"] }],
    });
    expect(await requireActor(rt, auth, fakeReq("/workbench", staff.cookie), fakeRes())).toEqual({
      type: "person",
      personId: person.id,
      name: person.name,
      staff: { departmentId: dept.id, roles: ["clerk", "reviewer"] },
    });
  });
});

describe("the round trip with the provider (interaction finished directly, standing in for the sign-in page)", () => {
  it("signs in, rotates the session id, refreshes with rotation, and signs out revoking the grant", async () => {
    const person = await makePerson({ name: uniqueName("往返") });
    const jar = new CookieJar();
    const { providerUrl } = await followLogin(base, jar, { returnTo: "/items/ABC" });
    const callback = await finishInteractionAs(base, jar, identity, providerUrl, person.id);
    expect(`${callback.origin}${callback.pathname}`).toBe(`${base}/auth/callback`);
    const landed = await jar.fetch(callback);
    expect(landed.status).toBe(302);
    expect(landed.headers.get("location")).toBe("/items/ABC");
    const first = jar.get(SESSION_COOKIE)!;
    expect(first).toBeTruthy();
    expect(jar.get(AUTH_COOKIE)).toBeUndefined();
    const setCookie = landed.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? "";
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);

    const home = await jar.fetch(`${base}/`);
    expect(await home.text()).toContain(`${person.name} · 个人`);

    // The access token is about to expire: the next request refreshes it and stores the rotated token.
    const id = first.slice(0, first.lastIndexOf("."));
    const before = JSON.parse((await rt.redis.get(store.key(id)))!) as StoredSession;
    await rt.redis.set(
      store.key(id),
      JSON.stringify({ ...before, tokens: { ...before.tokens, expiresAt: Date.now() + 10_000 } }),
      "KEEPTTL",
    );
    expect(await (await jar.fetch(`${base}/`)).text()).toContain(person.name);
    const after = JSON.parse((await rt.redis.get(store.key(id)))!) as StoredSession;
    expect(after.tokens.refreshToken).toBeTruthy();
    expect(after.tokens.refreshToken).not.toBe(before.tokens.refreshToken);
    expect(after.tokens.expiresAt).toBeGreaterThan(Date.now() + 60_000);

    // Several pages at once: one refresh under the lock, the others wait for it. Spending the rotated
    // token twice would make the provider revoke the grant and sign everyone out.
    await rt.redis.set(
      store.key(id),
      JSON.stringify({ ...after, tokens: { ...after.tokens, expiresAt: 0 } }),
      "KEEPTTL",
    );
    const cookie = `${SESSION_COOKIE}=${first}`;
    const users = await Promise.all(
      [1, 2, 3, 4].map(() => createSessionServices(rt, auth, fakeReq("/", cookie), fakeRes()).currentUser()),
    );
    for (const user of users) expect(user?.name).toBe(person.name);
    const concurrent = JSON.parse((await rt.redis.get(store.key(id)))!) as StoredSession;
    expect(concurrent.tokens.refreshToken).not.toBe(after.tokens.refreshToken);
    expect(await (await jar.fetch(`${base}/`)).text()).toContain(person.name);

    // A new sign-in in the same browser gets a new session id; the old one is gone.
    const again = await followLogin(base, jar);
    const callback2 = await finishInteractionAs(base, jar, identity, again.providerUrl, person.id);
    expect((await jar.fetch(callback2)).status).toBe(302);
    const second = jar.get(SESSION_COOKIE)!;
    expect(second).not.toBe(first);
    expect(await rt.redis.exists(store.key(id))).toBe(0);

    const id2 = second.slice(0, second.lastIndexOf("."));
    const session2 = JSON.parse((await rt.redis.get(store.key(id2)))!) as StoredSession;
    const out = await jar.fetch(`${base}/auth/logout`, { method: "POST" });
    expect(out.status).toBe(303);
    const end = locationOf(out, base);
    expect(end.pathname).toBe("/oidc/session/end");
    expect(end.searchParams.get("id_token_hint")).toBe(session2.tokens.idToken);
    expect(await rt.redis.exists(store.key(id2))).toBe(0);
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    expect(await identity.provider().RefreshToken.find(session2.tokens.refreshToken!)).toBeUndefined();
  });

  it("signs out a person whose delegation was revoked, at the next refresh", async () => {
    const person = await makePerson({ name: uniqueName("撤销") });
    const ent = await makeEnterprise({ legalRepPersonId: person.id });
    const jar = new CookieJar();
    const { providerUrl } = await followLogin(base, jar, { actingFor: ent.id });
    const callback = await finishInteractionAs(base, jar, identity, providerUrl, `${person.id}~${ent.id}`);
    await jar.fetch(callback);
    const home = await (await jar.fetch(`${base}/`)).text();
    expect(home).toContain(`${ent.name}（法定代表人）`);

    const sys = await testCtx(SYSTEM);
    const [member] = await listMembers(sys, ent.id);
    await revokeMember(await testCtx(SYSTEM), { memberId: member.id, reason: "测试撤销授权" });

    const signed = jar.get(SESSION_COOKIE)!;
    const id = signed.slice(0, signed.lastIndexOf("."));
    const s = JSON.parse((await rt.redis.get(store.key(id)))!) as StoredSession;
    await rt.redis.set(
      store.key(id),
      JSON.stringify({ ...s, tokens: { ...s.tokens, expiresAt: 0 } }),
      "KEEPTTL",
    );
    const after = await (await jar.fetch(`${base}/`)).text();
    expect(after).toContain('href="/auth/login?returnTo=%2F"');
    expect(after).not.toContain(ent.name);
    expect(await rt.redis.exists(store.key(id))).toBe(0);
  });
});

describe("/dev/mailbox", () => {
  it("lists the messages of the development SMS transport, newest first", async () => {
    const body = `【云港政务】您的登录验证码为 ${String(unique()).slice(-6)}，5 分钟内有效。`;
    await rt.orm.em
      .getConnection()
      .execute(
        "insert into sent_message (channel, to_masked, to_hash, body, transport, sent_at) values ('sms', ?, ?, ?, 'dev', now())",
        ["139****0000", `hash-${unique()}`, body],
      );
    const { res, html } = await page("/dev/mailbox");
    expect(res.status).toBe(200);
    expect(html).toContain("开发邮箱（短信验证码）");
    expect(html).toContain(body);
    expect(html).toContain("139****0000");
  });

  it("is not there in production", async () => {
    const prod = { ...rt, env: { ...rt.env, NODE_ENV: "production" as const } };
    const services = createPortalServices(prod, auth, fakeReq("/dev/mailbox"), fakeRes());
    await expect(services.devMailbox.list()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
