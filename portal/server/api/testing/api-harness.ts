// /api/v1 over real HTTP for integration tests: the runtime on the test database, the API router with a
// verifier over a test key, tokens minted like identity's bearer tests, and every answer checked against
// the published OpenAPI document.
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import express from "express";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { expect } from "vitest";
import { createBearerVerifier } from "../../../../identity/index.ts";
import { loadEnv } from "../../../../platform/index.ts";
import { bootRuntime, type Runtime } from "../../runtime.ts";
import { createApiRouter } from "../router.ts";

const ISSUER = "https://tongban.test/oidc";

export interface ApiHarness {
  rt: Runtime;
  base: string;
  /** A client-credentials access token of a client bound to `department`. */
  token(department: string, scopes: string[], clientId?: string): Promise<string>;
  /** Calls the API and checks the answer against the OpenAPI document; `limited` uses a 3-per-minute router. */
  call(
    method: string,
    pathname: string,
    opts?: {
      token?: string;
      json?: unknown;
      body?: BodyInit;
      headers?: Record<string, string>;
      limited?: boolean;
    },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** The OpenAPI path template of a concrete path, e.g. /cases/abc/actions → /cases/{id}/actions. */
function templateOf(doc: any, pathname: string): string {
  const p = pathname.split("?")[0];
  for (const t of Object.keys(doc.paths)) {
    const re = new RegExp(`^${t.replace(/\{[^}]+\}/g, "[^/]+")}$`);
    if (re.test(p)) return t;
  }
  throw new Error(`no OpenAPI path for ${p}`);
}

export async function startApi(name: string): Promise<ApiHarness> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `tongban-${name}-`));
  const rt = await bootRuntime(
    loadEnv({
      ...process.env,
      DATA_DIR: dataDir,
      MIGRATE_ON_START: "false",
      QUEUE_PREFIX: `test-api-${crypto.randomUUID().slice(0, 8)}`,
    }),
  );
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  const verifier = createBearerVerifier({
    issuer: ISSUER,
    audience: "urn:tongban:api",
    jwks: { getKeys: async () => ({ keys: [jwk] }) },
  });
  const app = express();
  app.use("/api/v1", createApiRouter(rt, undefined, { verifier }));
  app.use(
    "/limited/api/v1",
    createApiRouter(rt, undefined, { verifier, rateLimit: { points: 3, durationSeconds: 60 } }),
  );
  const server: Server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const doc: any = await (await fetch(`${base}/api/v1/openapi.json`)).json();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, "openapi.json");

  return {
    rt,
    base,
    token: (
      department,
      scopes,
      clientId = `dept-${department.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}`,
    ) =>
      new SignJWT({ client_id: clientId, scope: scopes.join(" "), department })
        .setProtectedHeader({ alg: "RS256", kid: "test-key", typ: "at+jwt" })
        .setIssuer(ISSUER)
        .setAudience("urn:tongban:api")
        .setSubject(clientId)
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(privateKey),
    async call(method, pathname, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body = opts.body;
      if (opts.json !== undefined) {
        headers["content-type"] = "application/json";
        body = JSON.stringify(opts.json);
      }
      const prefix = opts.limited ? "/limited/api/v1" : "/api/v1";
      const res = await fetch(`${base}${prefix}${pathname}`, { method, headers, body });
      const text = await res.text();
      const parsed = text ? JSON.parse(text) : null;
      // The answer must be described by the published document: status, media type and body.
      const t = templateOf(doc, pathname);
      const op = doc.paths[t][method.toLowerCase()];
      const response = op.responses[String(res.status)];
      expect(response, `${method} ${t} documents status ${res.status}`).toBeDefined();
      // No content: nothing to check beyond the documented status, and nothing may be sent.
      if (res.status === 204) {
        expect(text, `${method} ${t} 204 body`).toBe("");
        expect(response.content, `${method} ${t} 204 documents no content`).toBeUndefined();
        return { status: res.status, body: null, headers: res.headers };
      }
      const mediaType = (res.headers.get("content-type") ?? "").split(";")[0];
      const media = response.content?.[mediaType];
      expect(media, `${method} ${t} ${res.status} documents ${mediaType}`).toBeDefined();
      const pointer = `openapi.json#/paths/${t.replaceAll("~", "~0").replaceAll("/", "~1")}/${method.toLowerCase()}/responses/${res.status}/content/${mediaType.replaceAll("/", "~1")}/schema`;
      const validate = ajv.getSchema(pointer)!;
      expect(validate(parsed) ? null : validate.errors, `${method} ${t} ${res.status} body`).toBeNull();
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      await new Promise((r) => server.close(r));
      await rt.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
