import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

/** Which kind of personal number a blind index is for; the kind is part of the hashed input. */
export type BlindIndexKind = "id" | "phone";

/** Keys for {@link createPiiCipher}: a 32-byte AES key and an HMAC key of at least 32 bytes. */
export interface PiiKeys {
  encKey: Buffer;
  hmacKey: Buffer;
}

/** Encrypts, decrypts and blind-indexes ID and phone numbers. */
export interface PiiCipher {
  /** Encrypts a value into a self-describing token (see the token format below). */
  encrypt(plain: string): string;
  /** Decrypts a token from {@link PiiCipher.encrypt}; throws when it was altered or made with another key. */
  decrypt(token: string): string;
  /** A keyed hash of the normalised value, so equal numbers can be found without decrypting. */
  blindIndex(plain: string, kind: BlindIndexKind): string;
}

/*
 * Token format: `v1.<iv>.<ciphertext>.<tag>`, each part base64url without padding.
 * The version prefix names the algorithm and key generation, so a later key rotation can add `v2`
 * (new key, or key id) and still decrypt old rows while they are re-encrypted in the background.
 * The version string is also bound as additional authenticated data, so a token cannot be relabelled.
 */
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const B64URL = /^[A-Za-z0-9_-]*$/;

/** Trims and upper-cases an ID number so a lower-case trailing x finds the same person. */
export function normalizeIdForIndex(raw: string): string {
  return raw.trim().toUpperCase();
}

/** Drops spaces, dashes and the country code so "+86 139-1234-5678" and "13912345678" index alike. */
export function normalizePhoneForIndex(raw: string): string {
  const compact = raw.replace(/[\s-]/g, "");
  // A bare "86" is only a country code when a full mobile number follows; otherwise it is part of the number.
  return compact.replace(/^(?:\+|00)86/, "").replace(/^86(?=1\d{10}$)/, "");
}

/** Builds the cipher for personal data from keys loaded by `loadPiiKeys`. */
export function createPiiCipher(keys: PiiKeys): PiiCipher {
  if (!Buffer.isBuffer(keys.encKey) || keys.encKey.length !== 32) {
    throw new Error("PII encryption key must be exactly 32 bytes");
  }
  if (!Buffer.isBuffer(keys.hmacKey) || keys.hmacKey.length < 32) {
    throw new Error("PII HMAC key must be at least 32 bytes");
  }
  // Copies, so a caller that later zeroes or reuses its buffers cannot change our keys.
  const encKey = Buffer.from(keys.encKey);
  const hmacKey = Buffer.from(keys.hmacKey);
  const aad = Buffer.from(VERSION, "utf8");

  return {
    encrypt(plain: string): string {
      // A fresh random IV per value: GCM loses confidentiality and integrity if an IV repeats under a key.
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", encKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad);
      const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString("base64url"), ct.toString("base64url"), tag.toString("base64url")].join(
        ".",
      );
    },

    decrypt(token: string): string {
      const parts = typeof token === "string" ? token.split(".") : [];
      if (parts.length !== 4) throw new Error("Malformed personal-data token");
      const [version, ivPart, ctPart, tagPart] = parts;
      if (version !== VERSION) throw new Error(`Unsupported personal-data token version: ${version}`);
      const iv = decodeStrict(ivPart);
      const ct = decodeStrict(ctPart);
      const tag = decodeStrict(tagPart);
      if (!iv || !ct || !tag || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new Error("Malformed personal-data token");
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", encKey, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
      } catch {
        // Node's message ("Unsupported state or unable to authenticate data") does not tell an operator much.
        throw new Error(
          "Personal-data token failed authentication (tampered, or encrypted with another key)",
        );
      }
    },

    blindIndex(plain: string, kind: BlindIndexKind): string {
      if (kind !== "id" && kind !== "phone") throw new Error(`Unknown blind index kind: ${String(kind)}`);
      const normalized = kind === "id" ? normalizeIdForIndex(plain) : normalizePhoneForIndex(plain);
      // The kind is hashed in so an ID number and a phone number with the same digits never collide.
      return createHmac("sha256", hmacKey).update(`${kind}:${normalized}`, "utf8").digest("hex");
    },
  };
}

/**
 * Node's base64url decoder skips characters it does not know and ignores stray trailing bits, so two
 * different strings can decode to the same bytes; requiring the canonical encoding makes any edit detectable.
 */
function decodeStrict(part: string): Buffer | null {
  if (!B64URL.test(part)) return null;
  const bytes = Buffer.from(part, "base64url");
  return bytes.toString("base64url") === part ? bytes : null;
}
