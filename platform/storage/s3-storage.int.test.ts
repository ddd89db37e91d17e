import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { Client } from "minio";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3Storage } from "./s3-storage.ts";

// s3rver checks signatures against this fixed key pair.
const CREDENTIALS = { accessKey: "S3RVER", secretKey: "S3RVER", region: "us-east-1" };
const PRESET_BUCKET = "tongban-preset";
const MiB = 1024 * 1024;

let s3rver: S3rver;
let httpServer: Server;
let directory: string;
let endpoint: string;
let raw: Client; // a plain client to look behind S3Storage's back

// s3rver implements multipart upload but not ListMultipartUploads, which minio calls before every multipart
// upload to resume an earlier one. Answering "none in progress" lets the large-body path run for real.
const NO_UPLOADS =
  '<?xml version="1.0" encoding="UTF-8"?><ListMultipartUploadsResult><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>';

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "tongban-s3rver-"));
  s3rver = new S3rver({ silent: true, directory, configureBuckets: [{ name: PRESET_BUCKET }] });
  await s3rver.configureBuckets();
  const handle = s3rver.callback();
  httpServer = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://s3");
    if (req.method === "GET" && url.searchParams.has("uploads")) {
      res.writeHead(200, { "content-type": "application/xml" }).end(NO_UPLOADS);
      return;
    }
    handle(req, res);
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = httpServer.address() as AddressInfo;
  endpoint = `http://127.0.0.1:${port}`;
  raw = new Client({ endPoint: "127.0.0.1", port, useSSL: false, pathStyle: true, ...CREDENTIALS });
});

afterAll(async () => {
  await new Promise((resolve) => httpServer?.close(resolve));
  await rm(directory, { recursive: true, force: true });
});

function makeStorage(bucket = PRESET_BUCKET, partSizeBytes?: number) {
  return new S3Storage({ endpoint, bucket, ...CREDENTIALS, ...(partSizeBytes ? { partSizeBytes } : {}) });
}

function newKey(ext = "pdf") {
  return `materials/2026/11/${randomUUID()}.${ext}`;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}

async function listAll(bucket: string): Promise<string[]> {
  const names: string[] = [];
  for await (const item of raw.listObjectsV2(bucket, "", true)) if (item.name) names.push(item.name);
  return names;
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("S3Storage against s3rver", () => {
  it("ensureReady creates a missing bucket and is idempotent", async () => {
    const bucket = `tongban-${randomUUID().slice(0, 8)}`;
    expect(await raw.bucketExists(bucket)).toBe(false);
    const storage = makeStorage(bucket);
    await storage.ensureReady();
    await storage.ensureReady();
    expect(await raw.bucketExists(bucket)).toBe(true);
  });

  it("ensureReady reports an unreachable endpoint as UNAVAILABLE", async () => {
    const storage = new S3Storage({ endpoint: "http://127.0.0.1:1", bucket: "nowhere", ...CREDENTIALS });
    await expect(storage.ensureReady()).rejects.toMatchObject({ code: "UNAVAILABLE" });
  });

  it("round-trips a buffer with its sha256 in the object metadata", async () => {
    const storage = makeStorage();
    const key = newKey();
    const body = Buffer.from("%PDF-1.7 营业执照");

    const put = await storage.put(key, body, { contentType: "application/pdf" });
    expect(put).toEqual({ key, size: body.length, sha256: sha256(body), contentType: "application/pdf" });
    expect(await storage.stat(key)).toMatchObject({ key, size: body.length, sha256: sha256(body) });
    expect((await raw.statObject(PRESET_BUCKET, key)).metaData).toMatchObject({
      sha256: sha256(body),
      "content-type": "application/pdf",
    });
    expect(await readAll(await storage.get(key))).toEqual(body);

    await storage.delete(key);
    await storage.delete(key); // idempotent
    expect(await storage.stat(key)).toBeNull();
    await expect(storage.get(key)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("sends a streamed body that fits one part straight to its key with metadata", async () => {
    const storage = makeStorage();
    const key = newKey("png");
    const chunks = Array.from({ length: 20 }, (_, i) => Buffer.alloc(50_000, i));
    const whole = Buffer.concat(chunks);

    const put = await storage.put(key, Readable.from(chunks), {
      contentType: "image/png",
      maxBytes: 2 * MiB,
    });
    expect(put).toMatchObject({ size: whole.length, sha256: sha256(whole) });
    expect(await storage.stat(key)).toMatchObject({ contentType: "image/png", sha256: sha256(whole) });
    expect(sha256(await readAll(await storage.get(key)))).toBe(sha256(whole));
    expect((await listAll(PRESET_BUCKET)).filter((n) => n.startsWith(".staging/"))).toEqual([]);
    await storage.delete(key);
  });

  it("streams a body larger than one part through a staging object and a copy", async () => {
    const bucket = `tongban-${randomUUID().slice(0, 8)}`;
    const storage = makeStorage(bucket, 5 * MiB);
    await storage.ensureReady();
    const whole = Buffer.alloc(11 * MiB, 7);
    const key = newKey("zip");

    const put = await storage.put(key, Readable.from([whole.subarray(0, 6 * MiB), whole.subarray(6 * MiB)]), {
      contentType: "application/zip",
    });
    expect(put).toMatchObject({ size: whole.length, sha256: sha256(whole) });
    expect(await storage.stat(key)).toMatchObject({ size: whole.length, sha256: sha256(whole) });
    expect(await listAll(bucket)).toEqual([key]);
  });

  it("aborts an oversized or failing stream, small or multipart, and leaves no object", async () => {
    const bucket = `tongban-${randomUUID().slice(0, 8)}`;
    const storage = makeStorage(bucket, 5 * MiB);
    await storage.ensureReady();
    const key = newKey();
    const small = Readable.from([Buffer.alloc(600), Buffer.alloc(600)]);
    const large = Readable.from(Array.from({ length: 12 }, () => Buffer.alloc(MiB)));

    await expect(
      storage.put(key, small, { contentType: "application/pdf", maxBytes: 1000 }),
    ).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    // Bigger than one part, so the abort happens inside a multipart upload.
    await expect(
      storage.put(key, large, { contentType: "application/pdf", maxBytes: 11 * MiB }),
    ).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    await expect(
      storage.put(key, Buffer.alloc(1001), { contentType: "application/pdf", maxBytes: 1000 }),
    ).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    const failing = Readable.from(
      (async function* () {
        yield Buffer.alloc(6 * MiB);
        throw new Error("client went away");
      })(),
    );
    await expect(storage.put(key, failing, { contentType: "application/pdf" })).rejects.toThrow(
      "client went away",
    );
    expect(small.destroyed && large.destroyed).toBe(true);
    expect(await storage.stat(key)).toBeNull();
    expect(await listAll(bucket)).toEqual([]);
  });

  it("does not replace an existing object when an overwrite fails", async () => {
    const storage = makeStorage();
    const key = newKey();
    await storage.put(key, Buffer.from("original"), { contentType: "text/plain" });
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(100));
        this.destroy(new Error("client went away"));
      },
    });
    await expect(storage.put(key, failing, { contentType: "text/plain" })).rejects.toThrow(
      "client went away",
    );
    expect((await readAll(await storage.get(key))).toString()).toBe("original");
    await storage.delete(key);
  });

  it("rejects bad keys with VALIDATION before touching the server", async () => {
    const storage = makeStorage();
    for (const key of ["", "/abs.pdf", "a/../b.pdf", "a\\b.pdf", `m/${"a".repeat(511)}`, "a/b c.pdf"]) {
      await expect(storage.put(key, Buffer.from("x"), { contentType: "text/plain" })).rejects.toMatchObject({
        code: "VALIDATION",
      });
      await expect(storage.stat(key)).rejects.toMatchObject({ code: "VALIDATION" });
    }
  });

  it("presigns a URL that downloads the bytes with the requested file name", async () => {
    const storage = makeStorage();
    const key = newKey();
    const body = Buffer.from("signed download");
    await storage.put(key, body, { contentType: "application/pdf" });

    const url = await storage.signedUrl(key, { ttlSeconds: 60, filename: "营业执照 副本.pdf" });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(body);
    const disposition = res.headers.get("content-disposition") ?? "";
    expect(disposition).toContain("attachment");
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent("营业执照 副本.pdf")}`);

    const plain = await fetch(await storage.signedUrl(key, { ttlSeconds: 60 }));
    expect(Buffer.from(await plain.arrayBuffer())).toEqual(body);
    await storage.delete(key);
  });
});
