import * as oidc from "openid-client";

/** A problem (RFC 9457) answer of /api/v1, kept for the caller to decide on (409: re-read and retry). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { code?: string; detail?: string; title?: string; errors?: unknown } | null,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${problem?.code ?? ""} ${problem?.detail ?? problem?.title ?? ""}`.trim());
  }
}

export interface PlatformClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  log: (line: string) => void;
  /** Attempts per request (429, 5xx and network errors are retried). */
  attempts?: number;
}

interface Body {
  json?: unknown;
  /** Built anew for every attempt. */
  form?: () => FormData;
  idempotencyKey?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Renew this long before the token runs out, so a request never leaves with a token about to expire. */
const RENEW_BEFORE_MS = 30_000;

/**
 * The platform as a department system sees it: the identity service's discovery and client-credentials
 * grant (openid-client), and /api/v1 over fetch with the bearer token, Idempotency-Key, and retries that
 * honour Retry-After.
 */
export class PlatformClient {
  private config: oidc.Configuration | null = null;
  private token: { value: string; expiresAt: number } | null = null;
  private renewing: Promise<string> | null = null;

  constructor(private readonly o: PlatformClientOptions) {}

  /** Discovers the identity service and takes a first token (a wrong secret fails here, at start). */
  async connect(): Promise<void> {
    const wellKnown = new URL(`${this.o.baseUrl}/oidc/.well-known/openid-configuration`);
    // Discovering through the well-known URL under --base-url accepts the issuer the platform names
    // (its PUBLIC_URL), which may differ from the address this system reaches it by.
    this.config = await oidc.discovery(
      wellKnown,
      this.o.clientId,
      this.o.clientSecret,
      undefined,
      wellKnown.protocol === "http:" ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
    this.o.log(`身份服务 ${this.config.serverMetadata().issuer}`);
    await this.accessToken();
  }

  private async accessToken(force = false): Promise<string> {
    if (!force && this.token && this.token.expiresAt - Date.now() > RENEW_BEFORE_MS) return this.token.value;
    this.renewing ??= (async () => {
      try {
        if (!this.config) throw new Error("connect() first");
        const t = await oidc.clientCredentialsGrant(this.config, { scope: this.o.scopes.join(" ") });
        const seconds = t.expiresIn() ?? 300;
        this.token = { value: t.access_token, expiresAt: Date.now() + seconds * 1000 };
        this.o.log(`取得访问令牌（${seconds} 秒有效，范围 ${t.scope ?? this.o.scopes.join(" ")}）`);
        return t.access_token;
      } finally {
        this.renewing = null;
      }
    })();
    return this.renewing;
  }

  /** One /api/v1 call; answers 2xx with the parsed body (null without one), anything else as ApiError. */
  async call<T = any>(method: string, path: string, body: Body = {}): Promise<T> {
    const what = `${method} ${path}`;
    const attempts = this.o.attempts ?? 6;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${await this.accessToken()}`,
        accept: "application/json",
      };
      if (body.idempotencyKey) headers["idempotency-key"] = body.idempotencyKey;
      let payload: BodyInit | undefined;
      if (body.json !== undefined) {
        headers["content-type"] = "application/json";
        payload = JSON.stringify(body.json);
      } else if (body.form) payload = body.form();
      let res: Response;
      try {
        res = await fetch(`${this.o.baseUrl}/api/v1${path}`, {
          method,
          headers,
          body: payload,
          signal: AbortSignal.timeout(30_000),
        });
      } catch (e) {
        if (attempt >= attempts) throw e;
        const wait = Math.min(10_000, 300 * 2 ** (attempt - 1));
        this.o.log(`${what} 连接失败（${(e as Error).message}），${wait} 毫秒后重试`);
        await sleep(wait);
        continue;
      }
      const text = await res.text();
      const parsed = text ? JSON.parse(text) : null;
      if (res.ok) return parsed as T;
      if (res.status === 401 && !renewed) {
        // Revoked keys or a token that expired in flight: one fresh token, then the answer stands.
        renewed = true;
        await this.accessToken(true);
        continue;
      }
      const retryable = res.status === 429 || res.status >= 500;
      if (!retryable || attempt >= attempts) throw new ApiError(res.status, parsed, what);
      const after = Number(res.headers.get("retry-after"));
      const wait =
        res.status === 429 && Number.isFinite(after) && after > 0
          ? Math.min(60_000, after * 1000)
          : Math.min(10_000, 300 * 2 ** (attempt - 1));
      this.o.log(`${what} 返回 ${res.status}，${wait} 毫秒后重试（第 ${attempt} 次）`);
      await sleep(wait);
    }
  }
}
