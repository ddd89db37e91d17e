import { createHmac, timingSafeEqual } from "node:crypto";

// Pure and dependency-free (node:crypto only), so that a department system can use or copy it as it is.

/** Header names of a pushed event. */
export const WEBHOOK_HEADERS = {
  /** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">` under the subscription's secret. */
  signature: "x-tongban-signature",
  /** Unix seconds when this attempt was signed. */
  timestamp: "x-tongban-timestamp",
  /** The event's id: the same on every attempt and retry; receivers de-duplicate on it. */
  eventId: "x-tongban-event-id",
  eventType: "x-tongban-event-type",
} as const;

/** Receivers refuse a signature whose timestamp is further than this from their clock. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** The signature header value for `body` signed at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex")}`;
}

/** Why a pushed event was refused, or ok. */
export type WebhookVerification = { ok: true } | { ok: false; reason: "malformed" | "expired" | "mismatch" };

/**
 * Checks a pushed event: the timestamp within five minutes of `now` (a replayed old request is refused even
 * with a valid signature) and the signature over `timestamp.body` in constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | null | undefined,
  body: string,
  signature: string | null | undefined,
  now: Date = new Date(),
): WebhookVerification {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp) || !signature || !/^v1=[0-9a-f]{64}$/.test(signature)) {
    return { ok: false, reason: "malformed" };
  }
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > WEBHOOK_TOLERANCE_SECONDS) {
    return { ok: false, reason: "expired" };
  }
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? { ok: true }
    : { ok: false, reason: "mismatch" };
}
