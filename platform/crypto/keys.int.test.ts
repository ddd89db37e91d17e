import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadOrCreateSecret, loadPiiKeys } from "./keys.ts";
import { createPiiCipher } from "./personal-data.ts";

const dirs: string[] = [];
function makeDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tongban-keys-"));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("loadPiiKeys", () => {
  it("generates the keys once and reuses them", () => {
    const dataDir = makeDataDir();
    const first = loadPiiKeys({ dataDir, allowGenerate: true });
    expect(first.encKey.length).toBe(32);
    expect(first.hmacKey.length).toBe(32);
    expect(first.encKey.equals(first.hmacKey)).toBe(false);

    const again = loadPiiKeys({ dataDir, allowGenerate: true });
    expect(again.encKey.equals(first.encKey)).toBe(true);
    expect(again.hmacKey.equals(first.hmacKey)).toBe(true);

    // What was encrypted with the first load is readable after a restart.
    const token = createPiiCipher(first).encrypt("11010519491231002X");
    expect(createPiiCipher(again).decrypt(token)).toBe("11010519491231002X");
    expect(readdirSync(join(dataDir, "keys")).sort()).toEqual(["pii-hmac.key", "pii.key"]);
  });

  it("writes the key files readable by the owner only", () => {
    const dataDir = makeDataDir();
    loadPiiKeys({ dataDir, allowGenerate: true });
    for (const name of ["pii.key", "pii-hmac.key"]) {
      expect(statSync(join(dataDir, "keys", name)).mode & 0o777).toBe(0o600);
    }
  });

  it("uses keys given in the environment and writes no files", () => {
    const dataDir = makeDataDir();
    const enc = randomBytes(32);
    const hmac = randomBytes(48);
    const keys = loadPiiKeys({
      piiKey: enc.toString("base64"),
      hmacKey: hmac.toString("base64"),
      dataDir,
      allowGenerate: false,
    });
    expect(keys.encKey.equals(enc)).toBe(true);
    expect(keys.hmacKey.equals(hmac)).toBe(true);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it.each([
    ["PII_KEY", { piiKey: randomBytes(16).toString("base64"), hmacKey: randomBytes(32).toString("base64") }],
    ["PII_KEY", { piiKey: randomBytes(33).toString("base64"), hmacKey: randomBytes(32).toString("base64") }],
    ["PII_KEY", { piiKey: "not base64 at all!", hmacKey: randomBytes(32).toString("base64") }],
    [
      "PII_HMAC_KEY",
      { piiKey: randomBytes(32).toString("base64"), hmacKey: randomBytes(31).toString("base64") },
    ],
  ])("names %s when a given key has the wrong length", (variable, given) => {
    const dataDir = makeDataDir();
    expect(() => loadPiiKeys({ ...given, dataDir, allowGenerate: true })).toThrow(
      new RegExp(`^${variable} must be base64`),
    );
  });

  it("refuses to generate keys when not allowed", () => {
    const dataDir = makeDataDir();
    expect(() => loadPiiKeys({ dataDir, allowGenerate: false })).toThrow(
      /PII_KEY and PII_HMAC_KEY must be set/,
    );
    expect(() =>
      loadPiiKeys({ piiKey: randomBytes(32).toString("base64"), dataDir, allowGenerate: false }),
    ).toThrow(/openssl rand -base64 32/);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it("refuses a corrupted key file instead of replacing it", () => {
    const dataDir = makeDataDir();
    loadPiiKeys({ dataDir, allowGenerate: true });
    const path = join(dataDir, "keys", "pii.key");
    writeFileSync(path, "c2hvcnQ=\n");
    expect(() => loadPiiKeys({ dataDir, allowGenerate: true })).toThrow(/pii\.key must be base64/);
    expect(readFileSync(path, "utf8")).toBe("c2hvcnQ=\n");
  });
});

describe("loadOrCreateSecret", () => {
  it("returns the given value untouched", () => {
    const dataDir = makeDataDir();
    expect(loadOrCreateSecret(dataDir, "app-secret", "given-secret-value")).toBe("given-secret-value");
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it("creates a 32-byte base64url secret once, mode 0600, and then returns the same one", () => {
    const dataDir = makeDataDir();
    const first = loadOrCreateSecret(dataDir, "app-secret");
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(first, "base64url").length).toBe(32);
    expect(loadOrCreateSecret(dataDir, "app-secret")).toBe(first);
    expect(loadOrCreateSecret(dataDir, "other-secret")).not.toBe(first);
    expect(statSync(join(dataDir, "keys", "app-secret.key")).mode & 0o777).toBe(0o600);
    // No temporary files are left behind.
    expect(readdirSync(join(dataDir, "keys")).sort()).toEqual(["app-secret.key", "other-secret.key"]);
  });

  it("gives processes that start at the same moment the same secret", async () => {
    const dataDir = makeDataDir();
    const script = `import { loadOrCreateSecret } from ${JSON.stringify(new URL("./keys.ts", import.meta.url).href)};
      process.stdout.write(loadOrCreateSecret(process.argv[1], "race"));`;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [
          "--import",
          "tsx",
          "--input-type=module",
          "-e",
          script,
          dataDir,
        ]);
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => {
          out += d;
        });
        child.stderr.on("data", (d) => {
          err += d;
        });
        child.on("error", reject);
        child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
      });
    const results = await Promise.all(Array.from({ length: 6 }, run));
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(readdirSync(join(dataDir, "keys"))).toEqual(["race.key"]);
  }, 30_000);

  it("refuses names that would leave the keys directory", () => {
    const dataDir = makeDataDir();
    expect(() => loadOrCreateSecret(dataDir, "../escape")).toThrow(/Invalid secret name/);
  });
});
