import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { fixedClock } from "../clock/clock.ts";
import { verifyDownloadToken } from "./download-token.ts";
import { LocalStorage } from "./local-storage.ts";

const SECRET = "test-secret-that-is-long-enough";
const dirs: string[] = [];

async function makeStorage(at = "2026-11-05T08:00:00Z") {
  const root = await mkdtemp(join(tmpdir(), "tongban-objects-"));
  dirs.push(root);
  const clock = fixedClock(at);
  const storage = new LocalStorage({ root, secret: SECRET, baseUrl: "https://tongban.example/", clock });
  await storage.ensureReady();
  return { storage, root, clock };
}

function newKey(ext = "pdf") {
  return `materials/2026/11/${randomUUID()}.${ext}`;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("LocalStorage", () => {
  it("round-trips a buffer through put, stat, get and delete", async () => {
    const { storage } = await makeStorage();
    const key = newKey();
    const body = Buffer.from("%PDF-1.7 营业执照");

    const put = await storage.put(key, body, { contentType: "application/pdf" });
    expect(put).toEqual({ key, size: body.length, sha256: sha256(body), contentType: "application/pdf" });

    const st = await storage.stat(key);
    expect(st).toMatchObject({
      key,
      size: body.length,
      sha256: sha256(body),
      contentType: "application/pdf",
    });
    expect(st?.lastModified).toBeInstanceOf(Date);
    expect(await readAll(await storage.get(key))).toEqual(body);

    await storage.delete(key);
    await storage.delete(key); // idempotent
    expect(await storage.stat(key)).toBeNull();
    await expect(storage.get(key)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("hashes a streamed body of many chunks and overwrites an existing key", async () => {
    const { storage } = await makeStorage();
    const key = newKey("bin");
    await storage.put(key, Buffer.from("old"), { contentType: "application/octet-stream" });
    const chunks = Array.from({ length: 50 }, (_, i) => Buffer.alloc(10_000, i));
    const whole = Buffer.concat(chunks);

    const put = await storage.put(key, Readable.from(chunks), {
      contentType: "image/png",
      maxBytes: whole.length,
    });
    expect(put).toMatchObject({ size: whole.length, sha256: sha256(whole) });
    // Compare digests: vitest's deep equality walks a 500 kB buffer byte by byte and takes seconds.
    expect(sha256(await readAll(await storage.get(key)))).toBe(sha256(whole));
    expect(await storage.stat(key)).toMatchObject({ contentType: "image/png", sha256: sha256(whole) });
  });

  it("rejects a body over maxBytes with PAYLOAD_TOO_LARGE and leaves no file behind", async () => {
    const { storage, root } = await makeStorage();
    const key = newKey();
    const source = Readable.from([Buffer.alloc(600), Buffer.alloc(600)]);

    await expect(
      storage.put(key, source, { contentType: "application/pdf", maxBytes: 1000 }),
    ).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    await expect(
      storage.put(key, Buffer.alloc(1001), { contentType: "application/pdf", maxBytes: 1000 }),
    ).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(source.destroyed).toBe(true);
    expect(await storage.stat(key)).toBeNull();
    expect(await listFiles(root)).toEqual([]);
  });

  it("rejects a failing source and leaves no file behind", async () => {
    const { storage, root } = await makeStorage();
    const key = newKey();
    const source = new Readable({
      read() {
        this.push(Buffer.alloc(100));
        this.destroy(new Error("client went away"));
      },
    });
    await expect(storage.put(key, source, { contentType: "application/pdf" })).rejects.toThrow(
      "client went away",
    );
    expect(await listFiles(root)).toEqual([]);
  });

  it.each([
    ["empty", ""],
    ["absolute", "/etc/passwd"],
    ["dot-dot", "materials/../../etc/passwd"],
    ["backslash", "materials\\x.pdf"],
    ["too long", `m/${"a".repeat(511)}`],
    ["space", "materials/a b.pdf"],
    ["non-ascii", "materials/营业执照.pdf"],
    ["empty segment", "materials//x.pdf"],
    ["hidden segment", ".tmp/x"],
    ["sidecar name", "materials/x.pdf.meta.json"],
  ])("rejects a %s key with VALIDATION", async (_label, key) => {
    const { storage } = await makeStorage();
    const err = { code: "VALIDATION" };
    await expect(storage.put(key, Buffer.from("x"), { contentType: "text/plain" })).rejects.toMatchObject(
      err,
    );
    await expect(storage.get(key)).rejects.toMatchObject(err);
    await expect(storage.stat(key)).rejects.toMatchObject(err);
    await expect(storage.delete(key)).rejects.toMatchObject(err);
    await expect(storage.signedUrl(key, { ttlSeconds: 60 })).rejects.toMatchObject(err);
  });

  it("rejects a malformed content type", async () => {
    const { storage } = await makeStorage();
    await expect(
      storage.put(newKey(), Buffer.from("x"), { contentType: "text/plain\r\nX-Evil: 1" }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("signs a download URL whose token verifies until it expires", async () => {
    const { storage, clock } = await makeStorage();
    const key = newKey();
    const url = await storage.signedUrl(key, { ttlSeconds: 300, filename: "营业执照 副本.pdf" });
    expect(url).toMatch(/^https:\/\/tongban\.example\/files\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const token = url.slice(url.lastIndexOf("/") + 1);

    expect(verifyDownloadToken(SECRET, token, clock.now())).toEqual({ key, filename: "营业执照 副本.pdf" });
    clock.advance(299_000);
    expect(verifyDownloadToken(SECRET, token, clock.now()).key).toBe(key);
    clock.advance(1_000);
    expect(() => verifyDownloadToken(SECRET, token, clock.now())).toThrow(
      expect.objectContaining({ code: "EXPIRED" }),
    );
  });

  it("refuses tampered, forged and malformed tokens with FORBIDDEN", async () => {
    const { storage, clock } = await makeStorage();
    const key = newKey();
    const token = (await storage.signedUrl(key, { ttlSeconds: 300 })).split("/files/")[1]!;
    const [body, sig] = token.split(".") as [string, string];
    const otherKey = Buffer.from(JSON.stringify({ k: newKey(), e: 4_000_000_000 })).toString("base64url");
    const flip = (s: string) => (s[0] === "A" ? "B" : "A") + s.slice(1);

    for (const bad of [
      `${otherKey}.${sig}`,
      `${body}.${flip(sig)}`,
      `${flip(body)}.${sig}`,
      `${body}.${sig}x`,
      body,
      `${token}.extra`,
      "",
      "x".repeat(5000),
    ]) {
      expect(() => verifyDownloadToken(SECRET, bad, clock.now()), bad.slice(0, 40)).toThrow(
        expect.objectContaining({ code: "FORBIDDEN" }),
      );
    }
    expect(() => verifyDownloadToken("another-secret-long-enough", token, clock.now())).toThrow(
      expect.objectContaining({ code: "FORBIDDEN" }),
    );
  });

  it("rejects out-of-range ttl and unusable filenames", async () => {
    const { storage } = await makeStorage();
    for (const opts of [
      { ttlSeconds: 0 },
      { ttlSeconds: 8 * 24 * 3600 },
      { ttlSeconds: 60, filename: "a\nb" },
    ]) {
      await expect(storage.signedUrl(newKey(), opts)).rejects.toMatchObject({ code: "VALIDATION" });
    }
  });
});
