import { type Response as ExpressResponse, type Request, Router } from "express";
import * as oidc from "openid-client";
import { logger } from "../../../platform/index.ts";
import type { Runtime } from "../runtime.ts";
import type { AuthContext } from "./auth-context.ts";
import { oidcConfig, PORTAL_SCOPES, sessionDeps, sessionFromTokens } from "./session.ts";
import {
  clearAuthCookie,
  clearSessionCookie,
  readAuthCookie,
  readSessionId,
  setAuthCookie,
  setSessionCookie,
} from "./session-store.ts";

/** Where a sign-in lands when it was not started from a page. */
export const DEFAULT_RETURN_TO = "/space";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `self` or an enterprise id: the identity the provider should let the person act as. */
export function isActingFor(value: unknown): value is string {
  return value === "self" || (typeof value === "string" && UUID.test(value));
}

/** Only same-site absolute paths, so sign-in cannot be abused as an open redirect. */
export function safeReturnTo(value: unknown): string {
  if (
    typeof value !== "string" ||
    value.length > 2000 ||
    !value.startsWith("/") ||
    value.startsWith("//") ||
    value.startsWith("/auth/") ||
    /[\\\p{Cc}]/u.test(value)
  ) {
    return DEFAULT_RETURN_TO;
  }
  return value;
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/** A plain page for a sign-in that could not go on; it offers to start again. Nothing is stored. */
function errorPage(
  res: ExpressResponse,
  status: number,
  title: string,
  message: string,
  retry: { href: string; label: string },
): void {
  res
    .status(status)
    .set("Cache-Control", "no-store")
    .type("html")
    .send(
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} - 云港市政务服务网</title></head>` +
        `<body style="font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;max-width:40em;margin:4em auto;padding:0 16px;line-height:1.6">` +
        `<h1 style="font-size:1.4em">${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>` +
        `<p><a href="${escapeHtml(retry.href)}">${escapeHtml(retry.label)}</a>　<a href="/">返回首页</a></p></body></html>`,
    );
}

const loginHref = (returnTo: string) => `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;

const UNAVAILABLE = "统一身份认证服务暂时不可用，请稍后重试。";

/** Why a callback failed, in words for the person. */
function callbackFailure(e: unknown): string {
  if (e instanceof oidc.AuthorizationResponseError) {
    if (e.error === "access_denied") return "您已取消登录，或未同意授权。";
    if (e.error === "login_required" || e.error === "interaction_required") return "需要重新登录。";
    return "统一身份认证服务拒绝了本次登录请求，请重新登录。";
  }
  if (e instanceof oidc.ResponseBodyError) return "登录凭证已失效或已被使用，请重新登录。";
  return "登录请求校验未通过（可能已过期，或不是从本页面发起的），请重新登录。";
}

/** /auth/login, /auth/callback, /auth/logout, /auth/switch: the portal as an OIDC relying party. */
export function createRpRouter(rt: Runtime, auth: AuthContext): Router {
  const router = Router();
  const { store, cookies } = sessionDeps(rt);

  router.get("/login", async (req, res) => {
    const returnTo = safeReturnTo(req.query.returnTo);
    const actingFor = req.query.acting_for;
    if (actingFor !== undefined && !isActingFor(actingFor)) {
      errorPage(res, 400, "无法登录", "登录请求中的身份参数不正确。", {
        href: loginHref(returnTo),
        label: "重新登录",
      });
      return;
    }
    let config: oidc.Configuration;
    try {
      config = await oidcConfig(auth);
    } catch (e) {
      logger.error(
        { err: e instanceof Error ? e.message : String(e), issuer: auth.issuer },
        "OIDC discovery failed",
      );
      errorPage(res, 503, "暂时无法登录", UNAVAILABLE, { href: loginHref(returnTo), label: "重试" });
      return;
    }
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const params: Record<string, string> = {
      redirect_uri: auth.client.redirectUri,
      scope: PORTAL_SCOPES,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      state,
      nonce,
    };
    if (actingFor) {
      params.acting_for = actingFor;
      // A provider session may already exist: force the interaction, where the sign-in page switches the
      // acting identity of the same person without asking for the password again.
      params.prompt = "login";
    }
    setAuthCookie(res, cookies, { codeVerifier, state, nonce, returnTo });
    res.set("Cache-Control", "no-store");
    res.redirect(302, oidc.buildAuthorizationUrl(config, params).href);
  });

  router.get("/callback", async (req, res) => {
    const trip = readAuthCookie(req, cookies);
    clearAuthCookie(res, cookies);
    if (!trip) {
      errorPage(res, 400, "登录未完成", "登录请求已过期，或不是从本浏览器发起的，请重新登录。", {
        href: loginHref(DEFAULT_RETURN_TO),
        label: "重新登录",
      });
      return;
    }
    const retry = { href: loginHref(trip.returnTo), label: "重新登录" };
    let config: oidc.Configuration;
    try {
      config = await oidcConfig(auth);
    } catch (e) {
      logger.error(
        { err: e instanceof Error ? e.message : String(e), issuer: auth.issuer },
        "OIDC discovery failed",
      );
      errorPage(res, 503, "暂时无法登录", UNAVAILABLE, retry);
      return;
    }
    // The registered redirect URI, not the Host header: behind a proxy the two differ.
    const currentUrl = new URL(auth.client.redirectUri);
    currentUrl.search = new URL(req.originalUrl, "http://localhost").search;
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: trip.codeVerifier,
        expectedState: trip.state,
        expectedNonce: trip.nonce,
        idTokenExpected: true,
      });
    } catch (e) {
      logger.info({ err: e instanceof Error ? e.message : String(e) }, "sign-in callback refused");
      errorPage(res, 400, "登录未完成", callbackFailure(e), retry);
      return;
    }
    // Rotation: a sign-in always gets a new session id; the browser's previous session ends here.
    const previous = readSessionId(req, cookies);
    const id = await store.create(sessionFromTokens(tokens));
    if (previous) await store.destroy(previous);
    setSessionCookie(res, cookies, id);
    res.set("Cache-Control", "no-store");
    res.redirect(302, trip.returnTo);
  });

  const logout = async (req: Request, res: ExpressResponse) => {
    const id = readSessionId(req, cookies);
    const session = id ? await store.load(id) : null;
    if (id) await store.destroy(id);
    clearSessionCookie(res, cookies);
    res.set("Cache-Control", "no-store");
    let target = "/";
    try {
      const config = await oidcConfig(auth);
      const refreshToken = session?.tokens.refreshToken;
      // Revoking the refresh token ends the grant, so no token of this sign-in outlives it.
      if (refreshToken) {
        await oidc
          .tokenRevocation(config, refreshToken, { token_type_hint: "refresh_token" })
          .catch((e) =>
            logger.warn({ err: e instanceof Error ? e.message : String(e) }, "token revocation failed"),
          );
      }
      const params: Record<string, string> = { post_logout_redirect_uri: auth.client.postLogoutRedirectUri };
      if (session?.tokens.idToken) params.id_token_hint = session.tokens.idToken;
      target = oidc.buildEndSessionUrl(config, params).href;
    } catch (e) {
      logger.warn({ err: e instanceof Error ? e.message : String(e) }, "provider sign-out skipped");
    }
    res.redirect(303, target);
  };
  router.post("/logout", logout);
  // Signing out is all it does, so a forged GET can do no more than that.
  router.get("/logout", logout);

  router.get("/switch", (req, res) => {
    const to = req.query.to;
    if (!isActingFor(to)) {
      errorPage(res, 400, "无法切换身份", "要切换到的身份不正确。", {
        href: DEFAULT_RETURN_TO,
        label: "返回我的空间",
      });
      return;
    }
    // The provider's session still knows the person, so only the identity choice is asked again.
    res.redirect(
      302,
      `/auth/login?acting_for=${encodeURIComponent(to)}&returnTo=${encodeURIComponent(DEFAULT_RETURN_TO)}`,
    );
  });

  return router;
}
