import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createApiClient,
  createBearerVerifier,
  revokeApiClient,
  rotateSigningKeys,
  setPassword,
} from "../../../identity/index.ts";
import { loadEnv } from "../../../platform/index.ts";
import { grantMember, revokeMember, SYSTEM, submitCase } from "../../../registry/index.ts";
import {
  makeDepartment,
  makeEnterprise,
  makePerson,
  makeServiceItem,
} from "../../../registry/testing/factories.ts";
import { testCtx } from "../../../registry/testing/test-env.ts";
import { createHttpApp } from "../app.ts";
import { loadAppSource } from "../app-source.ts";
import { type IdentityService, startIdentity } from "../identity.ts";
import { bootRuntime, type Runtime } from "../runtime.ts";
import { createAuthContext } from "./auth-context.ts";

let rt: Runtime;
let identity: IdentityService;
let server: Server;
let base: string;
let dataDir: string;
let closeSource: () => Promise<void>;
let portal: oidc.Configuration;
const PASSWORD = "Secret#2026";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  dataDir = await mkdtemp(path.join(tmpdir(), "tongban-oidc-"));
  rt = await bootRuntime(
    loadEnv({
      ...process.env,
      DATA_DIR: dataDir,
      MIGRATE_ON_START: "false",
      PORT: String(port),
      PUBLIC_URL: base,
      // Own Redis keys per run: lockout counters of earlier runs must not leak in.
      QUEUE_PREFIX: `test-${crypto.randomUUID().slice(0, 8)}`,
    }),
  );
  identity = await startIdentity(rt);
  const source = await loadAppSource("vite");
  closeSource = source.close;
  server = createHttpApp(rt, source, identity).listen(port, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  portal = await oidc.discovery(
    new URL(identity.issuer),
    identity.portalClient.clientId,
    identity.portalClient.clientSecret,
    undefined,
    {
      execute: [oidc.allowInsecureRequests],
    },
  );
}, 120_000);

afterAll(async () => {
  identity?.stop();
  await new Promise((r) => server?.close(r));
  await closeSource?.();
  await rt?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A browser: cookies kept across requests, redirects followed by hand. */
class Browser {
  private readonly jar = new Map<string, string>();
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(new URL(url, base), {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers ?? {}), cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      this.jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }
  post(url: string, form: Record<string, string>) {
    return this.request(url, {
      method: "POST",
      body: new URLSearchParams(form),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  }
  /**
   * Follows redirects until a page (200) or the portal callback. Like a browser with JavaScript, it
   * submits the provider's self-submitting forms (ending the previous session when the account changes).
   */
  async follow(
    res: Response,
    opts: { throughCallback?: boolean } = {},
  ): Promise<{ res: Response; url: string }> {
    let url = res.url;
    for (let i = 0; i < 20; i++) {
      if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get("location")!, url || base).toString();
        if (!opts.throughCallback && url.startsWith(identity.portalClient.redirectUri)) return { res, url };
        res = await this.request(url);
        continue;
      }
      const html = res.status === 200 ? await res.clone().text() : "";
      const form = html.includes("<title>Submitting Callback</title>")
        ? html.match(/<form method="post" action="([^"]+)">/)
        : null;
      if (!form) break;
      const fields = Object.fromEntries(
        [...html.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
      );
      url = form[1];
      res = await this.post(url, fields);
    }
    return { res, url };
  }
}

/** Follows every redirect, through the portal's own callback, to the final page. */
function landOn(browser: Browser, res: Response) {
  return browser.follow(res, { throughCallback: true });
}

async function authorize(browser: Browser, extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(portal, {
    redirect_uri: identity.portalClient.redirectUri,
    scope: "openid offline_access profile tongban",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    ...extra,
  });
  const landed = await browser.follow(await browser.request(url.toString()));
  return { ...landed, verifier, state };
}

async function exchange(url: string, verifier: string, state: string) {
  return oidc.authorizationCodeGrant(portal, new URL(url), {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
}

async function personWithPassword(name = "测试用户") {
  const p = await makePerson({ name });
  await setPassword(createAuthContext(rt, identity).accounts, p.id, PASSWORD);
  return p;
}

describe("built-in identity service over HTTP", () => {
  it("runs authorization code + PKCE through the sign-in page for an individual", async () => {
    const p = await personWithPassword("周小白");
    const b = new Browser();
    const start = await authorize(b);
    expect(start.url).toMatch(/\/auth\/interaction\/[\w-]+$/);
    const page = await start.res.text();
    expect(page).toContain("统一身份认证");
    const done = await b.follow(
      await b.post(start.url, { intent: "password", login: p.idNumber, password: PASSWORD }),
    );
    expect(done.url.startsWith(identity.portalClient.redirectUri)).toBe(true);
    const tokens = await exchange(done.url, start.verifier, start.state);
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({
      sub: p.id,
      name: "周小白",
      id_number_masked: p.idNumberMasked,
      acting_for: { type: "person" },
    });
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.expires_in).toBeLessThanOrEqual(300);
    const info = await oidc.fetchUserInfo(portal, tokens.access_token, p.id);
    expect(info.name).toBe("周小白");
  });

  it("shows a wrong password in the page and issues nothing", async () => {
    const p = await personWithPassword();
    const b = new Browser();
    const start = await authorize(b);
    const res = await b.post(start.url, { intent: "password", login: p.phone!, password: "Wrong#2026" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("账号或密码错误");
  });

  it("signs in with an SMS code read from the development mailbox", async () => {
    const p = await personWithPassword("短信用户");
    const b = new Browser();
    const start = await authorize(b);
    const sent = await b.post(start.url, { intent: "send_code", phone: p.phone! });
    expect(await sent.text()).toContain("验证码已发送");
    const rows: { body: string }[] = await rt.orm.em
      .getConnection()
      .execute("select body from sent_message where to_hash = ? order by id desc limit 1", [
        rt.pii.blindIndex(p.phone!, "phone"),
      ]);
    const code = rows[0].body.match(/\d{6}/)![0];
    const bad = await b.post(start.url, {
      intent: "code",
      phone: p.phone!,
      code: code === "000000" ? "111111" : "000000",
    });
    expect(bad.status).toBe(200);
    expect(await bad.text()).toContain("验证码错误或已过期");
    const done = await b.follow(await b.post(start.url, { intent: "code", phone: p.phone!, code }));
    expect(done.url.startsWith(identity.portalClient.redirectUri)).toBe(true);
    expect((await exchange(done.url, start.verifier, start.state)).claims()?.sub).toBe(p.id);
  });

  it("locks an account after 5 wrong passwords and says when to retry", async () => {
    const p = await personWithPassword();
    const b = new Browser();
    const start = await authorize(b);
    for (let i = 0; i < 5; i++) {
      const res = await b.post(start.url, {
        intent: "password",
        login: p.idNumber,
        password: `Wrong#${i}abc`,
      });
      expect(await res.text()).toContain("账号或密码错误");
    }
    const locked = await b.post(start.url, { intent: "password", login: p.idNumber, password: PASSWORD });
    expect(locked.status).toBe(200);
    expect(await locked.text()).toMatch(/登录失败次数过多，请于 \d{2}:\d{2} 后重试/);
    const audits: { n: number }[] = await rt.orm.em
      .getConnection()
      .execute(
        "select count(*)::int as n from audit_log where subject_id = ? and action = 'auth.signin.lockout'",
        [p.id],
      );
    expect(audits[0].n).toBe(1);
  });

  it("lets a member choose to act for the enterprise, puts it in the tokens, and stops at refresh once revoked", async () => {
    const rep = await personWithPassword("法人甲");
    const agent = await personWithPassword("经办人乙");
    const ent = await makeEnterprise({ legalRepPersonId: rep.id, name: "云港测试甲有限公司" });
    const m = await grantMember(await testCtx(SYSTEM), {
      enterpriseId: ent.id,
      personId: agent.id,
      role: "agent",
      scope: "all",
      validFrom: "2020-01-01",
      validTo: null,
    });
    const b = new Browser();
    const start = await authorize(b);
    const choose = await b.post(start.url, { intent: "password", login: agent.idNumber, password: PASSWORD });
    expect(choose.status).toBe(200);
    expect(await choose.text()).toContain("云港测试甲有限公司");
    const done = await b.follow(await b.post(start.url, { intent: "choose", enterpriseId: ent.id }));
    const tokens = await exchange(done.url, start.verifier, start.state);
    expect(tokens.claims()).toMatchObject({
      sub: `${agent.id}~${ent.id}`,
      acting_for: { type: "enterprise", uscc: ent.uscc, name: ent.name, role: "agent", scope: "all" },
      act: { sub: agent.id },
    });

    // Switching back to acting as oneself needs no password within the provider session.
    const again = await authorize(b, { prompt: "login", acting_for: "self" });
    expect(again.url.startsWith(identity.portalClient.redirectUri)).toBe(true);
    expect((await exchange(again.url, again.verifier, again.state)).claims()).toMatchObject({
      sub: agent.id,
    });

    await revokeMember(await testCtx(SYSTEM), { memberId: m.id, reason: "离职" });
    await expect(oidc.refreshTokenGrant(portal, tokens.refresh_token!)).rejects.toThrow();
  });

  it("refuses an authorization request without PKCE, and an unregistered redirect_uri", async () => {
    const b = new Browser();
    const noPkce = await b.request(
      oidc
        .buildAuthorizationUrl(portal, {
          redirect_uri: identity.portalClient.redirectUri,
          scope: "openid",
          state: "s1",
        })
        .toString(),
    );
    expect(noPkce.status).toBe(303);
    expect(noPkce.headers.get("location")).toContain("error=invalid_request");
    const badRedirect = await b.request(
      oidc
        .buildAuthorizationUrl(portal, {
          redirect_uri: "https://evil.example/callback",
          scope: "openid",
          code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
          code_challenge_method: "S256",
        })
        .toString(),
    );
    expect(badRedirect.status).toBe(400);
    expect(await badRedirect.text()).toContain("登录出错");
  });

  it("gives department systems JWT access tokens by client credentials; revoked clients get none", async () => {
    const dept = await makeDepartment();
    const { clientId, clientSecret } = await createApiClient(rt.orm, {
      departmentCode: dept.code,
      name: "测试业务系统",
      scopes: ["cases:read"],
    });
    const cfg = await oidc.discovery(new URL(identity.issuer), clientId, clientSecret, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
    const tokens = await oidc.clientCredentialsGrant(cfg, { scope: "cases:read" });
    const verifier = createBearerVerifier({
      issuer: identity.issuer,
      audience: "urn:tongban:api",
      jwks: new URL(`${identity.issuer}/jwks`),
    });
    const principal = await verifier.verify(`Bearer ${tokens.access_token}`, {
      scopes: ["cases:read"],
      departmentCode: dept.code,
    });
    expect(principal).toMatchObject({ clientId, departmentCode: dept.code, scopes: ["cases:read"] });
    await expect(
      verifier.verify(`Bearer ${tokens.access_token}`, { scopes: ["cases:write"] }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(oidc.clientCredentialsGrant(cfg, { scope: "cases:write" })).rejects.toThrow();

    const wrong = await oidc.discovery(new URL(identity.issuer), clientId, "not-the-secret", undefined, {
      execute: [oidc.allowInsecureRequests],
    });
    await expect(oidc.clientCredentialsGrant(wrong, { scope: "cases:read" })).rejects.toMatchObject({
      error: "invalid_client",
    });

    // Rotation: new tokens use the new key; the old token still verifies until it expires.
    const oldKid = JSON.parse(Buffer.from(tokens.access_token.split(".")[0], "base64url").toString()).kid;
    await rotateSigningKeys(rt.orm, rt.pii);
    expect(await identity.refreshKeys()).toBe(true);
    const fresh = await oidc.clientCredentialsGrant(cfg, { scope: "cases:read" });
    expect(JSON.parse(Buffer.from(fresh.access_token.split(".")[0], "base64url").toString()).kid).not.toBe(
      oldKid,
    );
    const verifier2 = createBearerVerifier({
      issuer: identity.issuer,
      audience: "urn:tongban:api",
      jwks: new URL(`${identity.issuer}/jwks`),
    });
    await expect(verifier2.verify(`Bearer ${tokens.access_token}`, {})).resolves.toMatchObject({ clientId });

    await revokeApiClient(rt.orm, clientId);
    await expect(oidc.clientCredentialsGrant(cfg, { scope: "cases:read" })).rejects.toThrow();
  });

  it("keeps sessions and refresh tokens across a provider restart", async () => {
    const p = await personWithPassword();
    const b = new Browser();
    const start = await authorize(b);
    const done = await b.follow(
      await b.post(start.url, { intent: "password", login: p.idNumber, password: PASSWORD }),
    );
    const tokens = await exchange(done.url, start.verifier, start.state);
    // A second provider instance on the same database stands in for a restarted node.
    await rotateSigningKeys(rt.orm, rt.pii);
    await identity.refreshKeys();
    const refreshed = await oidc.refreshTokenGrant(portal, tokens.refresh_token!);
    expect(refreshed.claims()?.sub).toBe(p.id);
    // The browser's provider session survived too: a new request signs in without the page.
    const again = await authorize(b);
    expect(again.url.startsWith(identity.portalClient.redirectUri)).toBe(true);
  });

  it("signs in through the portal, lands in the space of the chosen identity, and never shows another enterprise's cases", async () => {
    const repA = await personWithPassword("甲公司法人");
    const repB = await personWithPassword("乙公司法人");
    const entA = await makeEnterprise({ legalRepPersonId: repA.id, name: "云港甲方科技有限公司" });
    const entB = await makeEnterprise({ legalRepPersonId: repB.id, name: "云港乙方商贸有限公司" });
    const item = await makeServiceItem(undefined, { materials: [], subjectTypes: ["enterprise"] });
    const file = (enterpriseId: string, personId: string) =>
      testCtx(SYSTEM).then((ctx) =>
        submitCase(ctx, {
          itemCode: item.code,
          applicant: { type: "enterprise", enterpriseId },
          applicantPersonId: personId,
          formData: { applicantName: "申请单位", contactPhone: "13912345678" },
        }),
      );
    const caseA = await file(entA.id, repA.id);
    const caseB = await file(entB.id, repB.id);

    const b = new Browser();
    const anonymous = await b.request("/space");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toBe("/auth/login?returnTo=%2Fspace");

    const start = await b.follow(await b.request("/auth/login?returnTo=/space"));
    expect(start.url).toMatch(/\/auth\/interaction\//);
    await b.post(start.url, { intent: "password", login: repA.idNumber, password: PASSWORD });
    const landed = await landOn(b, await b.post(start.url, { intent: "choose", enterpriseId: entA.id }));
    expect(new URL(landed.url).pathname).toBe("/space");
    const html = await landed.res.text();
    expect(html).toContain("云港甲方科技有限公司");
    expect(html).toContain(caseA.caseNo);
    expect(html).not.toContain(caseB.caseNo);

    // Switching to oneself asks for no password and shows the personal space, without the enterprise's cases.
    const self = await landOn(b, await b.request("/auth/switch?to=self"));
    expect(new URL(self.url).pathname).toBe("/space");
    const mine = await self.res.text();
    expect(mine).toContain("个人空间");
    expect(mine).not.toContain(caseA.caseNo);
  });
});
