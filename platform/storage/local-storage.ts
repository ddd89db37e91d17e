import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import { type Clock, systemClock } from "../clock/clock.ts";
import { DomainError } from "../errors/domain-error.ts";
import { signDownloadToken } from "./download-token.ts";
import { MeteredBody } from "./metered-body.ts";
import {
  assertContentType,
  assertMaxBytes,
  assertObjectKey,
  assertSignedUrlOptions,
  META_SUFFIX,
  type ObjectStat,
  type ObjectStorage,
  type PutOptions,
  type PutResult,
  type SignedUrlOptions,
} from "./object-storage.ts";

/** Options of {@link LocalStorage}. */
export interface LocalStorageOptions {
  /** Directory holding the objects; default `.data/objects`. */
  root?: string;
  /** HMAC secret for download tokens (APP_SECRET). */
  secret: string;
  /** Public base URL; signed URLs are `${baseUrl}/files/${token}`. */
  baseUrl: string;
  clock?: Clock;
}

interface Sidecar {
  sha256: string;
  size: number;
  contentType: string;
}

// Scratch files live inside the root so that the final rename never crosses a filesystem.
const TMP_DIR = ".tmp";
const FALLBACK_TYPE = "application/octet-stream";

/** Objects as files under a root directory, each with a `<file>.meta.json` sidecar for type and checksum. */
export class LocalStorage implements ObjectStorage {
  readonly kind = "local" as const;
  private readonly root: string;
  private readonly secret: string;
  private readonly baseUrl: string;
  private readonly clock: Clock;

  constructor(opts: LocalStorageOptions) {
    if (opts.secret.length < 16) throw new Error("LocalStorage secret must be at least 16 characters");
    this.root = resolve(opts.root ?? ".data/objects");
    this.secret = opts.secret;
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.clock = opts.clock ?? systemClock;
  }

  async ensureReady(): Promise<void> {
    await mkdir(join(this.root, TMP_DIR), { recursive: true });
  }

  async put(key: string, body: Buffer | NodeJS.ReadableStream, opts: PutOptions): Promise<PutResult> {
    assertObjectKey(key);
    assertContentType(opts.contentType);
    assertMaxBytes(opts.maxBytes);
    const file = this.pathOf(key);
    const tmpDir = join(this.root, TMP_DIR);
    await Promise.all([mkdir(dirname(file), { recursive: true }), mkdir(tmpDir, { recursive: true })]);
    const tmpData = join(tmpDir, randomUUID());
    const tmpMeta = `${tmpData}${META_SUFFIX}`;
    const metered = new MeteredBody(body, opts.maxBytes);
    try {
      // flush: fsync before the rename, so a crash cannot leave a renamed but empty file.
      await pipeline(metered.readable(), createWriteStream(tmpData, { flags: "wx", flush: true }));
      const { size, sha256 } = metered.result();
      const sidecar: Sidecar = { sha256, size, contentType: opts.contentType };
      await writeFile(tmpMeta, JSON.stringify(sidecar), { flag: "wx", flush: true });
      // Sidecar first: until the data file appears the object does not exist, so a crash in between
      // leaves only an orphan sidecar that stat and get ignore.
      await rename(tmpMeta, `${file}${META_SUFFIX}`);
      await rename(tmpData, file);
      return { key, ...sidecar };
    } catch (e) {
      await Promise.all([rm(tmpData, { force: true }), rm(tmpMeta, { force: true })]);
      throw e;
    }
  }

  async get(key: string): Promise<NodeJS.ReadableStream> {
    assertObjectKey(key);
    const handle = await open(this.pathOf(key), "r").catch((e: unknown) => {
      throw isMissing(e) ? notFound(key) : e;
    });
    // Opening a directory succeeds on Linux; only regular files are objects.
    if (!(await handle.stat()).isFile()) {
      await handle.close();
      throw notFound(key);
    }
    return handle.createReadStream();
  }

  async stat(key: string): Promise<ObjectStat | null> {
    assertObjectKey(key);
    const file = this.pathOf(key);
    const st = await stat(file).catch((e: unknown) => {
      if (isMissing(e)) return null;
      throw e;
    });
    if (!st?.isFile()) return null;
    const sidecar = await readSidecar(`${file}${META_SUFFIX}`);
    // A sidecar that disagrees with the file on size belongs to another write; its checksum would lie.
    const trusted = sidecar && sidecar.size === st.size ? sidecar : null;
    return {
      key,
      size: st.size,
      contentType: sidecar?.contentType ?? FALLBACK_TYPE,
      sha256: trusted?.sha256 ?? null,
      lastModified: st.mtime,
    };
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    const file = this.pathOf(key);
    // Data first, so that the object vanishes in one step; the sidecar alone is ignored by readers.
    await rm(file, { force: true });
    await rm(`${file}${META_SUFFIX}`, { force: true });
  }

  async signedUrl(key: string, opts: SignedUrlOptions): Promise<string> {
    assertObjectKey(key);
    assertSignedUrlOptions(opts);
    const grant = opts.filename === undefined ? { key } : { key, filename: opts.filename };
    const token = signDownloadToken(this.secret, grant, opts.ttlSeconds, this.clock.now());
    return `${this.baseUrl}/files/${token}`;
  }

  private pathOf(key: string): string {
    const file = join(this.root, ...key.split("/"));
    // Belt and braces: assertObjectKey already forbids every way out of the root.
    if (!file.startsWith(this.root + sep)) throw new DomainError("VALIDATION", "Invalid object key");
    return file;
  }
}

async function readSidecar(path: string): Promise<Sidecar | null> {
  try {
    const v = JSON.parse(await readFile(path, "utf8")) as Partial<Sidecar>;
    if (typeof v.sha256 !== "string" || typeof v.size !== "number" || typeof v.contentType !== "string") {
      return null;
    }
    return { sha256: v.sha256, size: v.size, contentType: v.contentType };
  } catch {
    return null;
  }
}

function isMissing(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function notFound(key: string): DomainError {
  return new DomainError("NOT_FOUND", "文件不存在", [{ path: "key", message: `no object ${key}` }]);
}
