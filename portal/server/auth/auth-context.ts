import { type AccountDeps, createSmsTransport } from "../../../identity/index.ts";
import type { IdentityService } from "../identity.ts";
import type { Runtime } from "../runtime.ts";

/** What the sign-in pages and the portal session need, built once per process. */
export interface AuthContext {
  /** The built-in provider; absent when OIDC_ISSUER points at an external issuer. */
  identity?: IdentityService;
  accounts: AccountDeps;
  /** The issuer the portal signs in with (built-in or external) and the portal's client. */
  issuer: string;
  client: { clientId: string; clientSecret: string; redirectUri: string; postLogoutRedirectUri: string };
}

export function createAuthContext(rt: Runtime, identity?: IdentityService): AuthContext {
  const publicUrl = rt.env.PUBLIC_URL ?? `http://localhost:${rt.env.PORT}`;
  return {
    identity,
    accounts: {
      orm: rt.orm,
      redis: rt.redis,
      pii: rt.pii,
      keyPrefix: rt.env.QUEUE_PREFIX,
      sms: createSmsTransport({
        orm: rt.orm,
        pii: rt.pii,
        gatewayUrl: rt.env.SMS_GATEWAY_URL,
        gatewayToken: rt.env.SMS_GATEWAY_TOKEN,
      }),
    },
    issuer: rt.env.OIDC_ISSUER ?? identity?.issuer ?? `${publicUrl}/oidc`,
    client: identity?.portalClient ?? {
      clientId: rt.env.OIDC_CLIENT_ID,
      clientSecret: rt.env.OIDC_CLIENT_SECRET ?? "",
      redirectUri: `${publicUrl}/auth/callback`,
      postLogoutRedirectUri: `${publicUrl}/`,
    },
  };
}
