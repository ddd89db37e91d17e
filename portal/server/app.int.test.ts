import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnv, signDownloadToken } from "../../platform/index.ts";
import { makeServiceItem } from "../../registry/testing/factories.ts";
import { createHttpApp } from "./app.ts";
import { loadAppSource } from "./app-source.ts";
import { bootRuntime, type Runtime } from "./runtime.ts";

let rt: Runtime;
let server: Server;
let base: string;
let dataDir: string;
let closeSource: () => Promise<void>;
let item: Awaited<ReturnType<typeof makeServiceItem>>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "tongban-app-"));
  rt = await bootRuntime(loadEnv({ ...process.env, DATA_DIR: dataDir, MIGRATE_ON_START: "false" }));
  const source = await loadAppSource("vite");
  closeSource = source.close;
  server = createHttpApp(rt, source).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  item = await makeServiceItem(undefined, { name: "测试食品经营许可", keywords: ["门户测试"] });
}, 120_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await closeSource?.();
  await rt?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("HTTP app", () => {
  it("answers liveness and readiness with database and Redis checks", async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: true, redis: true } });
  });

  it("serves the catalog server-rendered with styles, and filters it", async () => {
    const res = await fetch(`${base}/?q=${encodeURIComponent("门户测试")}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("测试食品经营许可");
    expect(html).toContain(`/items/${item.code}`);
    expect(html).toMatch(/<style[^>]*>[^<]*\.ant-/);
    const none = await (await fetch(`${base}/?q=${encodeURIComponent("不存在的事项名称xyz")}`)).text();
    expect(none).not.toContain("测试食品经营许可");
  });

  it("shows a message for a bad query instead of failing", async () => {
    const res = await fetch(`${base}/?department=${encodeURIComponent("bad!")}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("查询条件有误");
  });

  it("renders the item guide with every section, and 404 for unknown or malformed codes", async () => {
    const res = await fetch(`${base}/items/${item.code}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const text of [
      "测试食品经营许可",
      "《中华人民共和国行政许可法》第二十九条",
      "申请书",
      "审查",
      "云港市行政服务中心",
      "在线申办",
    ]) {
      expect(html).toContain(text);
    }
    expect((await fetch(`${base}/items/NOPE-0000`)).status).toBe(404);
    expect((await fetch(`${base}/items/bad%20code`)).status).toBe(404);
  });

  it("serves a signed download once, refuses tampered and expired links with problem+json", async () => {
    const put = await rt.storage.put("tests/hello.pdf", Buffer.from("%PDF-1.4 hello"), {
      contentType: "application/pdf",
    });
    const url = await rt.storage.signedUrl(put.key, { ttlSeconds: 60, filename: "申请书.pdf" });
    const token = url.split("/files/")[1];
    const ok = await fetch(`${base}/files/${token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("application/pdf");
    expect(ok.headers.get("content-disposition")).toContain("filename*=UTF-8''");
    expect(Buffer.from(await ok.arrayBuffer()).toString()).toBe("%PDF-1.4 hello");

    const tampered = await fetch(`${base}/files/${token.slice(0, -2)}xx`);
    expect(tampered.status).toBe(403);
    expect(tampered.headers.get("content-type")).toContain("application/problem+json");
    expect(await tampered.json()).toMatchObject({ status: 403, code: "FORBIDDEN" });

    const expired = signDownloadToken(rt.appSecret, { key: put.key }, 60, new Date(Date.now() - 3_600_000));
    const gone = await fetch(`${base}/files/${expired}`);
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ code: "EXPIRED" });
  });
});
