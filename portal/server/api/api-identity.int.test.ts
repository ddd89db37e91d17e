// The API as mounted in the real app, with tokens from the built-in identity service's client-credentials grant.
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCalendar, makeWorld, submit } from "../../../chain/workbench/testing/world.ts";
import { createApiClient, revokeApiClient } from "../../../identity/index.ts";
import { loadEnv } from "../../../platform/index.ts";
import { closeTestOrm } from "../../../registry/testing/test-env.ts";
import { createHttpApp } from "../app.ts";
import { loadAppSource } from "../app-source.ts";
import { type IdentityService, startIdentity } from "../identity.ts";
import { bootRuntime, type Runtime } from "../runtime.ts";

let rt: Runtime;
let identity: IdentityService;
let server: Server;
let base: string;
let dataDir: string;
let closeSource: () => Promise<void>;

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
  dataDir = await mkdtemp(path.join(tmpdir(), "tongban-api-identity-"));
  rt = await bootRuntime(
    loadEnv({
      ...process.env,
      DATA_DIR: dataDir,
      MIGRATE_ON_START: "false",
      PORT: String(port),
      PUBLIC_URL: base,
      QUEUE_PREFIX: `test-${crypto.randomUUID().slice(0, 8)}`,
    }),
  );
  await loadCalendar();
  identity = await startIdentity(rt);
  const source = await loadAppSource("vite");
  closeSource = source.close;
  server = createHttpApp(rt, source, identity).listen(port, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
}, 120_000);

afterAll(async () => {
  identity?.stop();
  await new Promise((r) => server?.close(r));
  await closeSource?.();
  await rt?.close();
  await rm(dataDir, { recursive: true, force: true });
  await closeTestOrm();
});

describe("/api/v1 in the app", () => {
  it("accepts the identity service's client-credentials tokens for the client's department only", async () => {
    const w = await makeWorld();
    const caseId = await submit(w, new Date());
    const { clientId, clientSecret } = await createApiClient(rt.orm, {
      departmentCode: w.dept.code,
      name: "测试业务系统",
      scopes: ["cases:read"],
    });
    const cfg = await oidc.discovery(new URL(identity.issuer), clientId, clientSecret, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
    const { access_token } = await oidc.clientCredentialsGrant(cfg, { scope: "cases:read" });
    const auth = { authorization: `Bearer ${access_token}` };

    const list = await fetch(`${base}/api/v1/cases`, { headers: auth });
    expect(list.status).toBe(200);
    expect((await list.json()).rows.map((r: { id: string }) => r.id)).toEqual([caseId]);
    const write = await fetch(`${base}/api/v1/cases/${caseId}/actions`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json", "idempotency-key": "k1" },
      body: JSON.stringify({ action: { type: "accept" }, expectedVersion: 1 }),
    });
    expect(write.status).toBe(403);
    expect(write.headers.get("content-type")).toMatch(/^application\/problem\+json/);

    const unknown = await fetch(`${base}/api/v1/nothing-here`, { headers: auth });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const doc = await fetch(`${base}/api/v1/openapi.json`);
    expect((await doc.json()).openapi).toBe("3.1.0");

    await revokeApiClient(rt.orm, clientId);
    await expect(oidc.clientCredentialsGrant(cfg, { scope: "cases:read" })).rejects.toThrow();
  });
});
