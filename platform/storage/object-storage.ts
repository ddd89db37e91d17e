import { DomainError } from "../errors/domain-error.ts";

/** What a successful `put` stored. */
export interface PutResult {
  key: string;
  size: number;
  sha256: string;
  contentType: string;
}

/** What `stat` knows about a stored object; `sha256` is null when the object was not written by us. */
export interface ObjectStat {
  key: string;
  size: number;
  contentType: string;
  sha256: string | null;
  lastModified: Date;
}

/** Options of {@link ObjectStorage.put}. */
export interface PutOptions {
  contentType: string;
  /** Upper bound of the body; a longer body is rejected with PAYLOAD_TOO_LARGE and nothing is kept. */
  maxBytes?: number;
}

/** Options of {@link ObjectStorage.signedUrl}. */
export interface SignedUrlOptions {
  ttlSeconds: number;
  /** Name offered to the browser in Content-Disposition. */
  filename?: string;
}

/** Where uploaded files live: local disk by default, S3/MinIO when configured. */
export interface ObjectStorage {
  readonly kind: "local" | "s3";
  /**
   * Stores a body, computing size and SHA-256 while streaming. A stream body is consumed and, when it is
   * too long or fails, destroyed; the call then rejects and leaves nothing behind.
   */
  put(key: string, body: Buffer | NodeJS.ReadableStream, opts: PutOptions): Promise<PutResult>;
  /** Opens an object for reading; DomainError NOT_FOUND when missing. */
  get(key: string): Promise<NodeJS.ReadableStream>;
  /** Size, type and checksum of an object, or null when missing. */
  stat(key: string): Promise<ObjectStat | null>;
  /** Removes an object; removing a missing object is not an error. */
  delete(key: string): Promise<void>;
  /** A short-lived URL that downloads the object without further authorisation. */
  signedUrl(key: string, opts: SignedUrlOptions): Promise<string>;
  /** Creates the directory or bucket; called once at start. */
  ensureReady(): Promise<void>;
}

/** Longest accepted object key. */
export const MAX_KEY_LENGTH = 512;
/** Longest signed URL lifetime; S3 refuses presigned URLs longer than seven days. */
export const MAX_TTL_SECONDS = 7 * 24 * 3600;
/** Suffix of the local backend's metadata sidecar, reserved so that no object can shadow one. */
export const META_SUFFIX = ".meta.json";

const KEY_CHARS = /^[A-Za-z0-9/._-]+$/;
const CONTENT_TYPE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(\s*;[\x20-\x7e]*)?$/;

/** Why a key is unacceptable, or null when it is fine. */
export function objectKeyProblem(key: unknown): string | null {
  if (typeof key !== "string" || key.length === 0) return "key is empty";
  if (key.length > MAX_KEY_LENGTH) return `key is longer than ${MAX_KEY_LENGTH} characters`;
  if (key.includes("\\")) return "key contains a backslash";
  if (key.startsWith("/")) return "key is an absolute path";
  if (!KEY_CHARS.test(key)) return "key contains characters outside [A-Za-z0-9/._-]";
  for (const segment of key.split("/")) {
    if (segment === "..") return "key contains a '..' segment";
    if (segment === "") return "key contains an empty segment";
    // Dot-leading names are reserved for the backends' staging areas (.tmp/, .staging/).
    if (segment.startsWith(".")) return "key segment starts with '.'";
  }
  if (key.endsWith(META_SUFFIX)) return `key ends with the reserved suffix ${META_SUFFIX}`;
  return null;
}

/** Throws DomainError VALIDATION unless `key` is a safe relative object key like `materials/2026/11/x.pdf`. */
export function assertObjectKey(key: unknown): asserts key is string {
  const problem = objectKeyProblem(key);
  if (problem)
    throw new DomainError("VALIDATION", `Invalid object key: ${problem}`, [
      { path: "key", message: problem },
    ]);
}

/** Throws DomainError VALIDATION unless `contentType` looks like `type/subtype[; params]`. */
export function assertContentType(contentType: unknown): asserts contentType is string {
  if (typeof contentType !== "string" || contentType.length > 255 || !CONTENT_TYPE.test(contentType)) {
    throw new DomainError("VALIDATION", "文件类型格式不正确", [
      { path: "contentType", message: "expected type/subtype" },
    ]);
  }
}

/** Throws DomainError VALIDATION unless `maxBytes` is absent or a non-negative integer. */
export function assertMaxBytes(maxBytes: unknown): void {
  if (maxBytes === undefined) return;
  if (typeof maxBytes !== "number" || !Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new DomainError("VALIDATION", "maxBytes must be a non-negative integer", [
      { path: "maxBytes", message: "expected a non-negative integer" },
    ]);
  }
}

/** Throws DomainError VALIDATION unless the signed URL options are usable by both backends. */
export function assertSignedUrlOptions(opts: SignedUrlOptions): void {
  const { ttlSeconds, filename } = opts;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
    throw new DomainError("VALIDATION", `ttlSeconds must be an integer in 1..${MAX_TTL_SECONDS}`, [
      { path: "ttlSeconds", message: "out of range" },
    ]);
  }
  if (filename !== undefined && !isAcceptableFilename(filename)) {
    throw new DomainError("VALIDATION", "文件名不正确", [
      { path: "filename", message: "1 to 255 characters, no control characters" },
    ]);
  }
}

function isAcceptableFilename(name: unknown): boolean {
  if (typeof name !== "string" || name.length === 0 || name.length > 255) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  return true;
}

/**
 * A Content-Disposition value offering `filename` for download: an ASCII fallback for old clients and the
 * exact UTF-8 name (RFC 6266 / RFC 8187), since most names here are Chinese.
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\/%]/g, "_");
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The error every backend raises for an oversized body. */
export function payloadTooLarge(maxBytes: number): DomainError {
  return new DomainError("PAYLOAD_TOO_LARGE", `文件超过 ${maxBytes} 字节的上限`, [
    { path: "body", message: `larger than ${maxBytes} bytes` },
  ]);
}
