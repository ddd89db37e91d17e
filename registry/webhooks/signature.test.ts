import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhookSignature } from "./signature.ts";

const SECRET = "whsec_test_0123456789abcdef";
const NOW = new Date("2026-03-03T02:00:00Z");
const TS = String(NOW.getTime() / 1000);
const BODY = JSON.stringify({ id: "42", type: "case.submitted", data: { caseNo: "X-1" } });

describe("verifyWebhookSignature", () => {
  it("accepts what signWebhook signed", () => {
    expect(verifyWebhookSignature(SECRET, TS, BODY, signWebhook(SECRET, TS, BODY), NOW)).toEqual({
      ok: true,
    });
  });

  it.each([
    ["another secret", signWebhook("other-secret", TS, BODY), BODY],
    ["a changed body", signWebhook(SECRET, TS, BODY), BODY.replace("X-1", "X-2")],
    ["another timestamp signed", signWebhook(SECRET, Number(TS) - 1, BODY), BODY],
  ])("refuses %s", (_label, signature, body) => {
    expect(verifyWebhookSignature(SECRET, TS, body, signature, NOW)).toEqual({
      ok: false,
      reason: "mismatch",
    });
  });

  it("refuses a valid signature outside the five-minute window, either way", () => {
    const old = String(Number(TS) - 301);
    const future = String(Number(TS) + 301);
    expect(verifyWebhookSignature(SECRET, old, BODY, signWebhook(SECRET, old, BODY), NOW)).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(verifyWebhookSignature(SECRET, future, BODY, signWebhook(SECRET, future, BODY), NOW).ok).toBe(
      false,
    );
    const edge = String(Number(TS) - 300);
    expect(verifyWebhookSignature(SECRET, edge, BODY, signWebhook(SECRET, edge, BODY), NOW).ok).toBe(true);
  });

  it.each([
    ["no timestamp", undefined, "v1=00"],
    ["a timestamp that is not a number", "yesterday", signWebhook(SECRET, TS, BODY)],
    ["no signature", TS, null],
    ["a signature of another scheme", TS, "v0=abc"],
  ])("refuses %s as malformed", (_label, ts, sig) => {
    expect(verifyWebhookSignature(SECRET, ts, BODY, sig, NOW)).toEqual({ ok: false, reason: "malformed" });
  });
});
