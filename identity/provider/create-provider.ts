import type { JWK } from "jose";
import Provider, { type Configuration, errors } from "oidc-provider";
import type { MikroORM, PiiCipher } from "../../platform/index.ts";
import { API_SCOPES, verifyClientSecret } from "../clients/index.ts";
import { loadAccountClaims } from "./accounts.ts";
import { createPgAdapter } from "./pg-adapter.ts";

/** The audience of access tokens for the department interface (/api/v1). */
export const API_RESOURCE = "urn:tongban:api";

export interface ProviderOptions {
  issuer: string;
  orm: MikroORM;
  pii: PiiCipher;
  keys: JWK[];
  cookieKeys: string[];
  portal: {
    clientId: string;
    clientSecret: string;
    redirectUris: string[];
    postLogoutRedirectUris: string[];
  };
  /** Where the login and identity-choice pages live; the uid is appended. */
  interactionPath: string;
  production: boolean;
}

/**
 * The built-in identity service: authorization code with PKCE for the portal, client credentials for
 * department systems (their clients live in api_client, secrets argon2-hashed), JWT access tokens of at
 * most 5 minutes, state in PostgreSQL.
 */
export function createProvider(o: ProviderOptions): Provider {
  const Adapter = createPgAdapter(o.orm);
  // findAccount and extraTokenClaims both need the claims within one token request: load them once.
  const perRequest = new WeakMap<object, Map<string, Promise<Record<string, unknown> | null>>>();
  const claimsFor = (ctx: object, sub: string) => {
    const m = perRequest.get(ctx) ?? new Map<string, Promise<Record<string, unknown> | null>>();
    perRequest.set(ctx, m);
    const p = m.get(sub) ?? loadAccountClaims(o, sub);
    m.set(sub, p);
    return p;
  };
  const config: Configuration = {
    adapter: Adapter,
    clients: [
      {
        client_id: o.portal.clientId,
        client_secret: o.portal.clientSecret,
        client_name: "云港市政务服务网",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        redirect_uris: o.portal.redirectUris,
        post_logout_redirect_uris: o.portal.postLogoutRedirectUris,
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    cookies: {
      keys: o.cookieKeys,
      long: { signed: true, httpOnly: true, sameSite: "lax" },
      short: { signed: true, httpOnly: true, sameSite: "lax" },
    },
    pkce: { required: () => true },
    scopes: ["openid", "offline_access", "profile", "tongban", ...API_SCOPES],
    claims: {
      openid: ["sub"],
      profile: ["name"],
      tongban: [
        "id_number_masked",
        "real_name_level",
        "department",
        "roles",
        "staff_posts",
        "acting_for",
        "act",
      ],
    },
    conformIdTokenClaims: false,
    // The portal asks to act as the person ("self") or for an enterprise id; the sign-in page honours it.
    extraParams: ["acting_for"],
    findAccount: async (ctx, sub) => {
      const claims = await claimsFor(ctx, sub);
      if (!claims) return undefined;
      return { accountId: sub, claims: async () => claims as { sub: string } };
    },
    extraTokenClaims: async (ctx, token) => {
      const t = token as { kind?: string; accountId?: string };
      if (t.kind === "ClientCredentials") {
        return { department: (ctx.oidc.client as unknown as { department?: string }).department ?? null };
      }
      // Access tokens carry who acts for whom, so the API can authorise without another lookup.
      if (!t.accountId) return undefined;
      const claims = await claimsFor(ctx, t.accountId);
      if (!claims) throw new errors.InvalidGrant("授权已失效，请重新登录");
      return {
        acting_for: claims.acting_for,
        act: claims.act,
        roles: claims.roles,
        department: claims.department,
      };
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Only department systems get API access tokens by default; the portal's tokens are for userinfo.
        defaultResource: async (ctx) =>
          (ctx.oidc.client?.grantTypeAllowed("client_credentials") ? API_RESOURCE : undefined) as string,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resource) => {
          if (resource !== API_RESOURCE) throw new errors.InvalidTarget();
          return {
            scope: API_SCOPES.join(" "),
            audience: API_RESOURCE,
            accessTokenFormat: "jwt",
            accessTokenTTL: 300,
            jwt: { sign: { alg: "RS256" } },
          };
        },
      },
    },
    extraClientMetadata: { properties: ["department"] },
    interactions: { url: (_ctx, interaction) => `${o.interactionPath}/${interaction.uid}` },
    ttl: {
      AccessToken: 300,
      ClientCredentials: 300,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 14 * 24 * 3600,
      RefreshToken: 8 * 3600,
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: true,
    jwks: { keys: o.keys as never },
    enabledJWA: { idTokenSigningAlgValues: ["RS256"] },
    renderError: async (ctx, out) => {
      ctx.type = "html";
      const msg = String(out.error_description ?? out.error).replace(/[<>&"]/g, "");
      ctx.body = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>登录出错</title><body style="font-family:sans-serif;max-width:40em;margin:4em auto"><h1>登录出错</h1><p>${msg}</p><p><a href="/">返回首页</a></p></body></html>`;
    },
  };
  const provider = new Provider(o.issuer, config);
  provider.proxy = true;

  // oidc-provider compares secrets in clear; ours are stored hashed. compareClientSecret is awaited by
  // its client authentication, so hashed secrets are verified with argon2 here.
  const proto = provider.Client.prototype as unknown as {
    compareClientSecret(this: { clientSecret?: string }, actual: string): Promise<boolean> | boolean;
  };
  const compare = proto.compareClientSecret;
  proto.compareClientSecret = async function (this: { clientSecret?: string }, actual: string) {
    if (this.clientSecret?.startsWith("$argon2")) return verifyClientSecret(this.clientSecret, actual);
    return compare.call(this, actual);
  };
  return provider;
}
