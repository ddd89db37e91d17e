// Test helpers for the portal's sign-in: a cookie jar and the steps of the OIDC round trip over real HTTP.
import type { IdentityService } from "../identity.ts";

/**
 * A minimal cookie jar for tests against one host: remembers the latest value of each cookie name and
 * sends them all (paths are not tracked; the portal's and the provider's cookie names do not collide).
 */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  /** Takes in every Set-Cookie of a response; a cookie cleared by the server is forgotten. */
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v = ""] = a.trim().split("=");
        const key = k.toLowerCase();
        return (key === "max-age" && Number(v) <= 0) || (key === "expires" && Date.parse(v) <= Date.now());
      });
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** fetch without following redirects, sending and storing cookies. */
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", this.header());
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    this.store(res);
    return res;
  }
}

/** The Location of a redirect, resolved against the request URL. */
export function locationOf(res: Response, base: string): URL {
  const location = res.headers.get("location");
  if (!location) throw new Error(`expected a redirect, got HTTP ${res.status}`);
  return new URL(location, base);
}

/**
 * Starts a sign-in the way the header's link does: GET /auth/login with the jar (which then holds
 * tb_auth), and returns the redirect to the provider's authorization endpoint.
 */
export async function followLogin(
  base: string,
  jar: CookieJar,
  query: { returnTo?: string; actingFor?: string } = {},
): Promise<{ response: Response; providerUrl: URL }> {
  const url = new URL("/auth/login", base);
  if (query.returnTo !== undefined) url.searchParams.set("returnTo", query.returnTo);
  if (query.actingFor !== undefined) url.searchParams.set("acting_for", query.actingFor);
  const response = await jar.fetch(url);
  if (response.status !== 302) throw new Error(`/auth/login answered HTTP ${response.status}`);
  return { response, providerUrl: locationOf(response, base) };
}

/**
 * Stands in for the sign-in page until the interaction route can be driven over HTTP: opens the
 * provider's authorization URL, finishes the interaction as `subject` directly in the provider (login
 * and a grant of the requested scopes), resumes it, and returns the provider's redirect to
 * /auth/callback, not yet followed. When the provider's session already satisfies the request it
 * redirects there at once, and that redirect is returned.
 */
export async function finishInteractionAs(
  base: string,
  jar: CookieJar,
  identity: IdentityService,
  providerUrl: URL,
  subject: string,
): Promise<URL> {
  const start = await jar.fetch(providerUrl);
  const interactionUrl = locationOf(start, base);
  // A provider session that already satisfies the request needs no interaction: straight back.
  if (!interactionUrl.pathname.startsWith("/auth/interaction/")) return interactionUrl;
  const uid = interactionUrl.pathname.split("/").pop() ?? "";
  const provider = identity.provider();
  const interaction = await provider.Interaction.find(uid);
  if (!interaction) throw new Error(`no interaction ${uid} (provider answered HTTP ${start.status})`);
  const grant = new provider.Grant({ accountId: subject, clientId: String(interaction.params.client_id) });
  grant.addOIDCScope(String(interaction.params.scope));
  const grantId = await grant.save();
  interaction.result = { login: { accountId: subject }, consent: { grantId } };
  await interaction.save(Math.max(1, interaction.exp - Math.floor(Date.now() / 1000)));
  const resumed = await jar.fetch(interaction.returnTo);
  let next = locationOf(resumed, base);
  // The provider may hop once more (its own resume) before redirecting to the client.
  for (let i = 0; i < 3 && next.pathname.startsWith("/oidc/"); i++) {
    next = locationOf(await jar.fetch(next), base);
  }
  return next;
}
