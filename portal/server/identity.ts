import { createHmac } from "node:crypto";
import path from "node:path";
import type { RequestHandler } from "express";
import type Provider from "oidc-provider";
import { createProvider, loadSigningKeys, signingKeysFingerprint } from "../../identity/index.ts";
import { loadOrCreateSecret, logger } from "../../platform/index.ts";
import { REPO_ROOT, type Runtime } from "./runtime.ts";

/** Where oidc-provider sends the browser to sign in or choose an identity (a portal page). */
export const INTERACTION_PATH = "/auth/interaction";

/** The built-in identity service as mounted in this process. */
export interface IdentityService {
  issuer: string;
  provider(): Provider;
  portalClient: {
    clientId: string;
    clientSecret: string;
    redirectUri: string;
    postLogoutRedirectUri: string;
  };
  /** Express middleware serving /oidc. */
  middleware: RequestHandler;
  /** Rebuilds the provider when the stored signing keys changed; true when it did. */
  refreshKeys(): Promise<boolean>;
  stop(): void;
}

/**
 * Builds the provider from the stored signing keys and rebuilds it when `identity:rotate-keys` changed
 * them (checked every minute), so every node signs with the newest key and still publishes older ones.
 */
export async function startIdentity(rt: Runtime): Promise<IdentityService> {
  const publicUrl = rt.env.PUBLIC_URL ?? `http://localhost:${rt.env.PORT}`;
  const issuer = `${publicUrl}/oidc`;
  const dataDir = path.resolve(REPO_ROOT, rt.env.DATA_DIR);
  const portalClient = {
    clientId: rt.env.OIDC_CLIENT_ID,
    clientSecret: rt.env.OIDC_CLIENT_SECRET ?? loadOrCreateSecret(dataDir, "portal-client-secret"),
    redirectUri: `${publicUrl}/auth/callback`,
    postLogoutRedirectUri: `${publicUrl}/`,
  };
  // Cookie keys derive from APP_SECRET so every node signs provider cookies alike.
  const cookieKey = createHmac("sha256", rt.appSecret).update("oidc-cookies").digest("base64url");

  const build = async () =>
    createProvider({
      issuer,
      orm: rt.orm,
      pii: rt.pii,
      keys: await loadSigningKeys(rt.orm, rt.pii),
      cookieKeys: [cookieKey],
      portal: {
        clientId: portalClient.clientId,
        clientSecret: portalClient.clientSecret,
        redirectUris: [portalClient.redirectUri],
        postLogoutRedirectUris: [portalClient.postLogoutRedirectUri],
      },
      interactionPath: INTERACTION_PATH,
      production: rt.env.NODE_ENV === "production",
    });

  let provider = await build();
  let handler = provider.callback();
  let fingerprint = await signingKeysFingerprint(rt.orm);
  const refreshKeys = async (): Promise<boolean> => {
    const now = await signingKeysFingerprint(rt.orm);
    if (now === fingerprint) return false;
    provider = await build();
    handler = provider.callback();
    fingerprint = now;
    logger.info({ keys: now }, "signing keys changed; identity provider rebuilt");
    return true;
  };
  const timer = setInterval(() => {
    refreshKeys().catch((e) => logger.warn({ err: String(e) }, "signing key check failed"));
  }, 60_000);
  timer.unref();

  return {
    issuer,
    provider: () => provider,
    portalClient,
    middleware: (req, res) => handler(req, res),
    refreshKeys,
    stop: () => clearInterval(timer),
  };
}
