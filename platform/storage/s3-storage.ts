import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { Client, CopyDestinationOptions, CopySourceOptions } from "minio";
import { type Clock, systemClock } from "../clock/clock.ts";
import { DomainError } from "../errors/domain-error.ts";
import { MeteredBody } from "./metered-body.ts";
import {
  assertContentType,
  assertMaxBytes,
  assertObjectKey,
  assertSignedUrlOptions,
  contentDisposition,
  type ObjectStat,
  type ObjectStorage,
  type PutOptions,
  type PutResult,
  type SignedUrlOptions,
} from "./object-storage.ts";

/** Options of {@link S3Storage}. */
export interface S3StorageOptions {
  /** e.g. `http://127.0.0.1:9000`; the scheme decides TLS, the bucket goes in the path (path style). */
  endpoint: string;
  region: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  clock?: Clock;
  /** Multipart part size; it bounds the memory one streamed upload holds. Default 16 MiB, minimum 5 MiB. */
  partSizeBytes?: number;
}

// Bodies larger than one part land here first: their checksum is only known at the end, S3 metadata cannot
// be changed afterwards except by a copy, and a failed upload must never replace or expose a partial object.
const STAGING_PREFIX = ".staging/";
const FALLBACK_TYPE = "application/octet-stream";
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Objects in one S3/MinIO bucket through the minio client; the SHA-256 travels as `x-amz-meta-sha256`. */
export class S3Storage implements ObjectStorage {
  readonly kind = "s3" as const;
  private readonly client: Client;
  private readonly bucket: string;
  private readonly region: string;
  private readonly clock: Clock;
  private readonly partSize: number;

  constructor(private readonly opts: S3StorageOptions) {
    const url = new URL(opts.endpoint);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("S3 endpoint must be http(s)");
    if (url.pathname !== "/" || url.search) throw new Error("S3 endpoint must not have a path or query");
    const useSSL = url.protocol === "https:";
    this.partSize = opts.partSizeBytes ?? 16 * 1024 * 1024;
    this.client = new Client({
      endPoint: url.hostname.replace(/^\[|\]$/g, ""),
      port: url.port ? Number(url.port) : useSSL ? 443 : 80,
      useSSL,
      accessKey: opts.accessKey,
      secretKey: opts.secretKey,
      region: opts.region,
      pathStyle: true,
      partSize: this.partSize,
    });
    this.bucket = opts.bucket;
    this.region = opts.region;
    this.clock = opts.clock ?? systemClock;
  }

  async ensureReady(): Promise<void> {
    try {
      if (await this.client.bucketExists(this.bucket)) return;
      await this.client.makeBucket(this.bucket, this.region);
    } catch (e) {
      // Another node may have created the bucket between our check and our create.
      if (errorCode(e) === "BucketAlreadyOwnedByYou") return;
      throw new DomainError(
        "UNAVAILABLE",
        `Object storage at ${this.opts.endpoint} (bucket ${this.bucket}) is not ready: ${errorMessage(e)}`,
      );
    }
  }

  async put(key: string, body: Buffer | NodeJS.ReadableStream, opts: PutOptions): Promise<PutResult> {
    assertObjectKey(key);
    assertContentType(opts.contentType);
    assertMaxBytes(opts.maxBytes);
    const { contentType, maxBytes } = opts;
    const metered = new MeteredBody(body, maxBytes);
    const source = metered.readable();
    try {
      const chunks = source[Symbol.asyncIterator]();
      // Read up to one part: most materials fit, and then the checksum is known before anything is sent,
      // so the object goes to its key in one PUT with its metadata.
      const head: Buffer[] = [];
      let headBytes = 0;
      for (;;) {
        if (headBytes > this.partSize) return await this.putLarge(key, contentType, metered, head, chunks);
        const next = await chunks.next();
        if (next.done) break;
        head.push(next.value);
        headBytes += next.value.length;
      }
      const { size, sha256 } = metered.result(); // PAYLOAD_TOO_LARGE or the source's error
      const whole = Buffer.concat(head);
      await this.client.putObject(this.bucket, key, whole, whole.length, {
        "Content-Type": contentType,
        sha256,
      });
      return { key, size, sha256, contentType };
    } finally {
      // Releases the caller's stream if minio gave up on it half way.
      source.destroy();
    }
  }

  /** Streams a body larger than one part to a staging name, then copies it to its key with its checksum. */
  private async putLarge(
    key: string,
    contentType: string,
    metered: MeteredBody,
    head: Buffer[],
    rest: AsyncIterator<Buffer>,
  ): Promise<PutResult> {
    const staging = `${STAGING_PREFIX}${randomUUID()}`;
    const body = Readable.from(
      (async function* () {
        yield* head;
        for (;;) {
          const next = await rest.next();
          if (next.done) return;
          yield next.value;
        }
      })(),
      { objectMode: false },
    );
    try {
      await this.client
        .putObject(this.bucket, staging, body, undefined, { "Content-Type": contentType })
        .catch(async (e: unknown) => {
          await this.client.removeIncompleteUpload(this.bucket, staging).catch(() => {});
          throw e;
        });
      // Throws PAYLOAD_TOO_LARGE or the source's error; the truncated staging object is removed below.
      const { size, sha256 } = metered.result();
      await this.client.copyObject(
        new CopySourceOptions({ Bucket: this.bucket, Object: staging }),
        new CopyDestinationOptions({
          Bucket: this.bucket,
          Object: key,
          MetadataDirective: "REPLACE",
          UserMetadata: { sha256 },
          Headers: { "Content-Type": contentType },
        }),
      );
      return { key, size, sha256, contentType };
    } finally {
      await this.client.removeObject(this.bucket, staging).catch(() => {});
    }
  }

  async get(key: string): Promise<NodeJS.ReadableStream> {
    assertObjectKey(key);
    try {
      return await this.client.getObject(this.bucket, key);
    } catch (e) {
      if (isNotFound(e)) throw notFound(key);
      throw e;
    }
  }

  async stat(key: string): Promise<ObjectStat | null> {
    assertObjectKey(key);
    try {
      const st = await this.client.statObject(this.bucket, key);
      const meta = st.metaData as Record<string, unknown>;
      const sha256 = typeof meta.sha256 === "string" && SHA256_HEX.test(meta.sha256) ? meta.sha256 : null;
      const contentType = typeof meta["content-type"] === "string" ? meta["content-type"] : FALLBACK_TYPE;
      return { key, size: st.size, contentType, sha256, lastModified: st.lastModified };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    try {
      await this.client.removeObject(this.bucket, key);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  async signedUrl(key: string, opts: SignedUrlOptions): Promise<string> {
    assertObjectKey(key);
    assertSignedUrlOptions(opts);
    const headers: Record<string, string> = {};
    if (opts.filename !== undefined)
      headers["response-content-disposition"] = contentDisposition(opts.filename);
    return this.client.presignedGetObject(this.bucket, key, opts.ttlSeconds, headers, this.clock.now());
  }
}

function errorCode(e: unknown): unknown {
  return (e as { code?: unknown } | null)?.code;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isNotFound(e: unknown): boolean {
  const code = errorCode(e);
  return code === "NotFound" || code === "NoSuchKey";
}

function notFound(key: string): DomainError {
  return new DomainError("NOT_FOUND", "文件不存在", [{ path: "key", message: `no object ${key}` }]);
}
