import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createBearerVerifier } from "./verify-bearer.ts";

const ISSUER = "https://tongban.test/oidc";
const AUDIENCE = "urn:tongban:api";

type Key = { kid: string; privateKey: CryptoKey; jwk: JWK };
async function makeKey(kid: string): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

function sign(
  key: Key,
  o: {
    claims?: Record<string, unknown>;
    exp?: number | string;
    nbf?: number | string;
    iss?: string;
    aud?: string;
    typ?: string;
  } = {},
) {
  return new SignJWT({
    client_id: "dept-ygsj-abcdefgh",
    scope: "cases:read results:read",
    department: "YGSJ",
    ...o.claims,
  })
    .setProtectedHeader({ alg: "RS256", kid: key.kid, typ: o.typ ?? "at+jwt" })
    .setIssuer(o.iss ?? ISSUER)
    .setAudience(o.aud ?? AUDIENCE)
    .setSubject("dept-ygsj-abcdefgh")
    .setIssuedAt()
    .setNotBefore(o.nbf ?? "0s")
    .setExpirationTime(o.exp ?? "5m")
    .sign(key.privateKey);
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const now = () => Math.floor(Date.now() / 1000);

let keyA: Key;
let keyB: Key;
beforeAll(async () => {
  [keyA, keyB] = await Promise.all([makeKey("key-a"), makeKey("key-b")]);
});
afterEach(() => {
  vi.useRealTimers();
});

function verifierWith(keys: () => JWK[]) {
  const getKeys = vi.fn(async () => ({ keys: keys() }));
  const verifier = createBearerVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks: { getKeys } });
  return { getKeys, verifier };
}

async function rejection(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e, "expected the call to fail").not.toBeNull();
  return e as { code: string; message: string };
}

describe("createBearerVerifier", () => {
  it("accepts a valid access token and returns the principal", async () => {
    const { verifier } = verifierWith(() => [keyA.jwk]);
    const token = await sign(keyA, { claims: { acting_for: { enterpriseId: "e1", role: "agent" } } });
    const p = await verifier.verify(`Bearer ${token}`, { scopes: ["cases:read"], departmentCode: "YGSJ" });
    expect(p).toMatchObject({
      subject: "dept-ygsj-abcdefgh",
      clientId: "dept-ygsj-abcdefgh",
      departmentCode: "YGSJ",
      scopes: ["cases:read", "results:read"],
      actingFor: { enterpriseId: "e1", role: "agent" },
    });
    expect(p.claims.iss).toBe(ISSUER);
  });

  it.each([
    ["missing header", undefined],
    ["empty header", ""],
    ["wrong scheme", "Basic dXNlcjpwYXNz"],
    ["not a JWT", "Bearer not-a-jwt"],
  ])("refuses a %s as UNAUTHENTICATED", async (_name, header) => {
    const { verifier } = verifierWith(() => [keyA.jwk]);
    expect((await rejection(verifier.verify(header, {}))).code).toBe("UNAUTHENTICATED");
  });

  it.each([
    ["expired", { exp: now() - 60 }],
    ["not yet valid", { nbf: now() + 120 }],
    ["from another issuer", { iss: "https://evil.example/oidc" }],
    ["for another audience", { aud: "urn:other:api" }],
    ["not an access token (typ JWT)", { typ: "JWT" }],
    ["without client_id", { claims: { client_id: undefined } }],
  ])("refuses a token %s", async (_name, o) => {
    const { verifier } = verifierWith(() => [keyA.jwk]);
    const e = await rejection(verifier.verify(`Bearer ${await sign(keyA, o)}`, {}));
    expect(e.code).toBe("UNAUTHENTICATED");
    expect(e.message).toMatch(/访问令牌/);
  });

  it("refuses a token forged with another key under the same kid", async () => {
    const { verifier } = verifierWith(() => [keyA.jwk]);
    const forger = { ...(await makeKey("key-a")) };
    const e = await rejection(verifier.verify(`Bearer ${await sign(forger)}`, {}));
    expect(e.code).toBe("UNAUTHENTICATED");
  });

  it("refuses alg none and HS256 tokens", async () => {
    const { verifier } = verifierWith(() => [keyA.jwk]);
    const claims = {
      iss: ISSUER,
      aud: AUDIENCE,
      sub: "x",
      client_id: "x",
      scope: "cases:read",
      exp: now() + 300,
    };
    const none = `${b64({ alg: "none", typ: "at+jwt", kid: "key-a" })}.${b64(claims)}.`;
    const hs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", kid: "key-a", typ: "at+jwt" })
      // The classic confusion attack: the public key's modulus used as an HMAC secret.
      .sign(new TextEncoder().encode(keyA.jwk.n));
    for (const token of [none, hs256]) {
      expect((await rejection(verifier.verify(`Bearer ${token}`, {}))).code).toBe("UNAUTHENTICATED");
    }
  });

  it("names the missing scope as FORBIDDEN", async () => {
    const { verifier } = verifierWith(() => [keyA.jwk]);
    const e = await rejection(verifier.verify(`Bearer ${await sign(keyA)}`, { scopes: ["cases:write"] }));
    expect(e.code).toBe("FORBIDDEN");
    expect(e.message).toContain("cases:write");
  });

  it("refuses a token of another department as FORBIDDEN", async () => {
    const { verifier } = verifierWith(() => [keyA.jwk]);
    const token = await sign(keyA);
    expect((await rejection(verifier.verify(`Bearer ${token}`, { departmentCode: "GTJ" }))).code).toBe(
      "FORBIDDEN",
    );
    const noDept = await sign(keyA, { claims: { department: null } });
    expect((await rejection(verifier.verify(`Bearer ${noDept}`, { departmentCode: "YGSJ" }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("re-reads the keys once for an unknown kid after a rotation, at most every 30 s", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    let published = [keyA.jwk];
    const { getKeys, verifier } = verifierWith(() => published);
    await verifier.verify(`Bearer ${await sign(keyA)}`, {});
    expect(getKeys).toHaveBeenCalledTimes(1);

    vi.advanceTimersByTime(31_000);
    published = [keyB.jwk, keyA.jwk];
    await expect(verifier.verify(`Bearer ${await sign(keyB)}`, {})).resolves.toMatchObject({
      clientId: "dept-ygsj-abcdefgh",
    });
    expect(getKeys).toHaveBeenCalledTimes(2);
    await verifier.verify(`Bearer ${await sign(keyA)}`, {});
    expect(getKeys).toHaveBeenCalledTimes(2);

    // Another unknown kid within the cooldown: refused without reading the keys again.
    const keyC = await makeKey("key-c");
    published = [keyC.jwk, keyB.jwk];
    expect((await rejection(verifier.verify(`Bearer ${await sign(keyC)}`, {}))).code).toBe("UNAUTHENTICATED");
    expect(getKeys).toHaveBeenCalledTimes(2);
  });

  it("checks a reused token's signature once a minute, and never accepts it past its expiry", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { verifier } = verifierWith(() => [keyA.jwk]);
    const verify = vi.spyOn(crypto.subtle, "verify");
    try {
      const token = await sign(keyA, { exp: now() + 90 });
      for (let i = 0; i < 3; i++) await verifier.verify(`Bearer ${token}`, { scopes: ["cases:read"] });
      expect(verify).toHaveBeenCalledTimes(1);
      // A remembered token still needs the operation's scope.
      expect((await rejection(verifier.verify(`Bearer ${token}`, { scopes: ["cases:write"] }))).code).toBe(
        "FORBIDDEN",
      );
      vi.advanceTimersByTime(61_000);
      await verifier.verify(`Bearer ${token}`, {});
      expect(verify).toHaveBeenCalledTimes(2);
      // Remembered 20 s ago, expired (with the 5 s tolerance) since: refused.
      vi.advanceTimersByTime(40_000);
      const e = await rejection(verifier.verify(`Bearer ${token}`, {}));
      expect(e).toMatchObject({ code: "UNAUTHENTICATED", message: expect.stringMatching(/过期/) });
    } finally {
      verify.mockRestore();
    }
  });

  it("reports an unreachable key source as UNAVAILABLE, not as a bad token", async () => {
    const verifier = createBearerVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwks: { getKeys: () => Promise.reject(new Error("connection refused")) },
    });
    expect((await rejection(verifier.verify(`Bearer ${await sign(keyA)}`, {}))).code).toBe("UNAVAILABLE");
  });
});
