import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { DomainError } from "../errors/domain-error.ts";

/** What a valid download token grants: one object, optionally offered under a file name. */
export interface DownloadGrant {
  key: string;
  filename?: string;
}

// Tokens longer than any we issue are refused before hashing, so junk cannot cost us work.
const MAX_TOKEN_LENGTH = 2048;
// Domain separation: the same APP_SECRET may sign other things (cookies) that must not pass as downloads.
const PURPOSE = "tongban.download.v1:";

const ZPayload = z.object({
  k: z.string().min(1).max(512),
  e: z.number().int().positive(),
  f: z.string().min(1).max(255).optional(),
});

function mac(secret: string, body: string): string {
  // A short secret is a deployment mistake, not a bad request, so it is a plain Error.
  if (secret.length < 16) throw new Error("download token secret must be at least 16 characters");
  return createHmac("sha256", secret).update(PURPOSE).update(body).digest("base64url");
}

/** Issues a token for `key` that expires `ttlSeconds` after `now`; format `base64url(json).base64url(hmac)`. */
export function signDownloadToken(
  secret: string,
  grant: DownloadGrant,
  ttlSeconds: number,
  now: Date,
): string {
  const payload = {
    k: grant.key,
    e: Math.floor(now.getTime() / 1000) + ttlSeconds,
    ...(grant.filename === undefined ? {} : { f: grant.filename }),
  };
  const body = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  return `${body}.${mac(secret, body)}`;
}

/** Checks a download token; DomainError FORBIDDEN when malformed or forged, EXPIRED when out of date. */
export function verifyDownloadToken(secret: string, token: string, now: Date): DownloadGrant {
  const forbidden = () => new DomainError("FORBIDDEN", "下载链接无效");
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) throw forbidden();
  const parts = token.split(".");
  if (parts.length !== 2) throw forbidden();
  const [body, signature] = parts as [string, string];
  // Compare the canonical encodings: Node's base64 decoder skips stray characters, so decoding first
  // would accept many spellings of one signature.
  const expected = Buffer.from(mac(secret, body), "ascii");
  const given = Buffer.from(signature, "ascii");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw forbidden();

  let payload: z.infer<typeof ZPayload>;
  try {
    payload = ZPayload.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    throw forbidden();
  }
  if (now.getTime() >= payload.e * 1000) throw new DomainError("EXPIRED", "下载链接已过期");
  return payload.f === undefined ? { key: payload.k } : { key: payload.k, filename: payload.f };
}
