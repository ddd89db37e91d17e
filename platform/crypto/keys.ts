import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PiiKeys } from "./personal-data.ts";

/** Where the PII keys come from: the environment, or files under DATA_DIR when generating is allowed. */
export interface LoadPiiKeysInput {
  /** PII_KEY, base64 of exactly 32 bytes. */
  piiKey?: string;
  /** PII_HMAC_KEY, base64 of at least 32 bytes. */
  hmacKey?: string;
  dataDir: string;
  /** False in production: a lost generated key would make every stored ID number unreadable. */
  allowGenerate: boolean;
}

const SECRET_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const HOW_TO_GENERATE = "generate one with `openssl rand -base64 32`";

/** Loads the AES and HMAC keys for personal data, generating them under `<dataDir>/keys` when allowed. */
export function loadPiiKeys(input: LoadPiiKeysInput): PiiKeys {
  const piiKey = blankToUndefined(input.piiKey);
  const hmacKey = blankToUndefined(input.hmacKey);
  if ((piiKey === undefined || hmacKey === undefined) && !input.allowGenerate) {
    const missing = [piiKey === undefined && "PII_KEY", hmacKey === undefined && "PII_HMAC_KEY"].filter(
      Boolean,
    );
    throw new Error(
      `PII_KEY and PII_HMAC_KEY must be set (missing: ${missing.join(", ")}); each is base64 of 32 random bytes, ${HOW_TO_GENERATE}. ` +
        "Keep them safe: encrypted ID and phone numbers cannot be read without PII_KEY.",
    );
  }
  const encKey =
    piiKey !== undefined
      ? decodeKey(piiKey, "PII_KEY", (n) => n === SECRET_BYTES, "exactly 32 bytes")
      : fileKey(input.dataDir, "pii", (n) => n === SECRET_BYTES);
  const hmac =
    hmacKey !== undefined
      ? decodeKey(hmacKey, "PII_HMAC_KEY", (n) => n >= SECRET_BYTES, "at least 32 bytes")
      : fileKey(input.dataDir, "pii-hmac", (n) => n >= SECRET_BYTES);
  return { encKey, hmacKey: hmac };
}

/**
 * Returns `given` when set, otherwise the secret stored in `<dataDir>/keys/<name>.key`, creating it once
 * (32 random bytes, base64url, mode 0600) so every process of the installation uses the same value.
 */
export function loadOrCreateSecret(dataDir: string, name: string, given?: string): string {
  const fromEnv = blankToUndefined(given);
  if (fromEnv !== undefined) return fromEnv;
  // The name becomes a file name; refusing separators keeps it inside the keys directory.
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`Invalid secret name: ${name}`);
  const dir = join(dataDir, "keys");
  // Only the keys folder is private: the data folder also holds the embedded database, whose server
  // runs as another user when we are root and must be able to traverse it.
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${name}.key`);
  const existing = readIfExists(path);
  if (existing !== undefined) return existing;
  createOnce(path, `${randomBytes(SECRET_BYTES).toString("base64url")}\n`);
  const created = readIfExists(path);
  if (created === undefined) throw new Error(`Secret file ${path} vanished right after it was created`);
  return created;
}

function fileKey(dataDir: string, name: string, sizeOk: (n: number) => boolean): Buffer {
  const text = loadOrCreateSecret(dataDir, name);
  const path = join(dataDir, "keys", `${name}.key`);
  return decodeKey(text, path, sizeOk, "32 bytes");
}

function decodeKey(text: string, source: string, sizeOk: (n: number) => boolean, expected: string): Buffer {
  const trimmed = text.trim();
  // Buffer.from skips characters it does not know, so a typo could silently yield a different key.
  const bytes = BASE64.test(trimmed) ? Buffer.from(trimmed, "base64") : Buffer.alloc(0);
  if (!sizeOk(bytes.length)) {
    throw new Error(
      `${source} must be base64 of ${expected} (got ${bytes.length} bytes after decoding); ${HOW_TO_GENERATE}`,
    );
  }
  return bytes;
}

/**
 * Creates the file only if it does not exist, with its full content visible at once: the content goes to
 * a private temporary file (`wx`, 0600) that is then hard-linked into place. link() fails with EEXIST when
 * another process won the race, and then its file is used, so processes starting together agree on one
 * key and none ever reads a half-written file.
 */
function createOnce(path: string, data: string): void {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  writeFileSync(tmp, data, { flag: "wx", mode: 0o600 });
  try {
    linkSync(tmp, path);
  } catch (e) {
    if (isCode(e, "EEXIST")) return;
    // Some mounted volumes refuse hard links; an exclusive create still picks one winner there.
    if (!isCode(e, "EPERM") && !isCode(e, "ENOTSUP") && !isCode(e, "ENOSYS")) throw e;
    try {
      writeFileSync(path, data, { flag: "wx", mode: 0o600 });
    } catch (e2) {
      if (!isCode(e2, "EEXIST")) throw e2;
    }
  } finally {
    unlinkSync(tmp);
  }
}

function readIfExists(path: string): string | undefined {
  try {
    const text = readFileSync(path, "utf8").trim();
    if (text === "") throw new Error(`Secret file ${path} is empty; delete it to generate a new secret`);
    return text;
  } catch (e) {
    if (isCode(e, "ENOENT")) return undefined;
    throw e;
  }
}

function isCode(e: unknown, code: string): boolean {
  return e instanceof Error && (e as NodeJS.ErrnoException).code === code;
}

function blankToUndefined(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === "" ? undefined : v;
}
