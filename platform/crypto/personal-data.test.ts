import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createPiiCipher } from "./personal-data.ts";

function makeCipher() {
  return createPiiCipher({ encKey: randomBytes(32), hmacKey: randomBytes(32) });
}

/** Flips one bit of the decoded bytes of a token part and re-encodes it canonically. */
function flipBit(token: string, partIndex: number): string {
  const parts = token.split(".");
  const bytes = Buffer.from(parts[partIndex], "base64url");
  bytes[0] ^= 0x01;
  parts[partIndex] = bytes.toString("base64url");
  return parts.join(".");
}

describe("createPiiCipher", () => {
  it.each([
    ["an ID number ending in X", "11010519491231002X"],
    ["a phone number", "13912345678"],
    ["Chinese text", "江苏省苏州市张家港市杨舍镇人民路 1 号"],
    ["an empty string", ""],
  ])("round-trips %s", (_label, plain) => {
    const cipher = makeCipher();
    const token = cipher.encrypt(plain);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{22}$/);
    expect(token).not.toContain(plain || "\u0000");
    expect(cipher.decrypt(token)).toBe(plain);
  });

  it("uses a fresh IV, so the same value encrypts differently each time", () => {
    const cipher = makeCipher();
    const a = cipher.encrypt("320582199001011236");
    const b = cipher.encrypt("320582199001011236");
    expect(a).not.toBe(b);
    expect(a.split(".")[1]).not.toBe(b.split(".")[1]);
    expect(cipher.decrypt(a)).toBe(cipher.decrypt(b));
  });

  it.each([
    ["the IV", 1],
    ["the ciphertext", 2],
    ["the tag", 3],
  ])("rejects a token whose %s was altered", (_label, partIndex) => {
    const cipher = makeCipher();
    const token = cipher.encrypt("11010519491231002X");
    expect(() => cipher.decrypt(flipBit(token, partIndex))).toThrow(Error);
  });

  it("rejects a token encrypted with another key", () => {
    const token = makeCipher().encrypt("13912345678");
    expect(() => makeCipher().decrypt(token)).toThrow(/failed authentication/);
  });

  it.each([
    ["a wrong version", (t: string) => t.replace(/^v1\./, "v2.")],
    ["a missing part", (t: string) => t.split(".").slice(0, 3).join(".")],
    ["an extra character the decoder would skip", (t: string) => t.replace(/\.([^.]*)$/, ".!$1")],
    ["a truncated tag", (t: string) => t.slice(0, -4)],
    ["garbage", () => "not a token"],
  ])("rejects %s", (_label, mutate) => {
    const cipher = makeCipher();
    const token = cipher.encrypt("13912345678");
    expect(() => cipher.decrypt(mutate(token))).toThrow(Error);
  });

  it("refuses keys of the wrong size", () => {
    expect(() => createPiiCipher({ encKey: randomBytes(16), hmacKey: randomBytes(32) })).toThrow(/32 bytes/);
    expect(() => createPiiCipher({ encKey: randomBytes(32), hmacKey: randomBytes(16) })).toThrow(/32 bytes/);
  });
});

describe("blindIndex", () => {
  it("is stable for the same key and value", () => {
    const cipher = makeCipher();
    const first = cipher.blindIndex("11010519491231002X", "id");
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.blindIndex("11010519491231002X", "id")).toBe(first);
  });

  it("normalises ID numbers (spaces around, lower-case x)", () => {
    const cipher = makeCipher();
    expect(cipher.blindIndex(" 11010519491231002x ", "id")).toBe(
      cipher.blindIndex("11010519491231002X", "id"),
    );
  });

  it.each(["+86 139-1234-5678", "86 13912345678", "139 1234 5678", "0086-139-1234-5678", " 13912345678 "])(
    "matches %s to 13912345678",
    (variant) => {
      const cipher = makeCipher();
      expect(cipher.blindIndex(variant, "phone")).toBe(cipher.blindIndex("13912345678", "phone"));
    },
  );

  it("keeps a landline's own digits", () => {
    const cipher = makeCipher();
    expect(cipher.blindIndex("0512-58681234", "phone")).toBe(cipher.blindIndex("051258681234", "phone"));
    expect(cipher.blindIndex("86123456", "phone")).not.toBe(cipher.blindIndex("123456", "phone"));
  });

  it("differs between the id and phone kinds for the same digits", () => {
    const cipher = makeCipher();
    expect(cipher.blindIndex("13912345678", "id")).not.toBe(cipher.blindIndex("13912345678", "phone"));
  });

  it("differs between HMAC keys", () => {
    const encKey = randomBytes(32);
    const a = createPiiCipher({ encKey, hmacKey: randomBytes(32) });
    const b = createPiiCipher({ encKey, hmacKey: randomBytes(32) });
    expect(a.blindIndex("13912345678", "phone")).not.toBe(b.blindIndex("13912345678", "phone"));
  });
});
