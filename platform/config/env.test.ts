import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "./env.ts";

/** The EnvError thrown by loadEnv for `source`. */
function envError(source: Record<string, string | undefined>): EnvError {
  try {
    loadEnv(source);
  } catch (e) {
    expect(e).toBeInstanceOf(EnvError);
    return e as EnvError;
  }
  throw new Error("loadEnv accepted a bad environment");
}

describe("loadEnv", () => {
  it("starts with nothing set", () => {
    expect(loadEnv({})).toEqual({
      NODE_ENV: "production",
      PORT: 3000,
      HOST: "0.0.0.0",
      ROLE: "all",
      LOG_LEVEL: "info",
      DATA_DIR: ".data",
      DATABASE_POOL_MAX: 10,
      EMBEDDED_PG_PORT: 54329,
      REDIS_URL: "redis://127.0.0.1:6379",
      QUEUE_PREFIX: "tongban",
      OIDC_CLIENT_ID: "tongban-portal",
      S3_REGION: "us-east-1",
      S3_BUCKET: "tongban",
      SEED_DEMO: true,
      MIGRATE_ON_START: true,
      WEBHOOK_ATTEMPTS: 10,
      WEBHOOK_BACKOFF_MS: 30_000,
      WEBHOOK_TIMEOUT_MS: 10_000,
      WEBHOOK_ALLOW_LOOPBACK: false,
    });
  });

  it("treats empty strings as unset", () => {
    const env = loadEnv({ PORT: "", ROLE: "", DATABASE_URL: "", SEED_DEMO: "" });
    expect(env.PORT).toBe(3000);
    expect(env.ROLE).toBe("all");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SEED_DEMO).toBe(true);
  });

  it("parses the values it is given", () => {
    const env = loadEnv({
      NODE_ENV: "development",
      PORT: "8080",
      ROLE: "worker",
      DATABASE_URL: "postgres://tongban:pw@db.internal:5432/tongban",
      REDIS_URL: "redis://:pw@redis.internal:6380/2",
      QUEUE_PREFIX: "city-a",
      UNRELATED: "ignored",
    });
    expect(env).toMatchObject({
      NODE_ENV: "development",
      PORT: 8080,
      ROLE: "worker",
      DATABASE_URL: "postgres://tongban:pw@db.internal:5432/tongban",
      REDIS_URL: "redis://:pw@redis.internal:6380/2",
      QUEUE_PREFIX: "city-a",
    });
    expect(env).not.toHaveProperty("UNRELATED");
  });

  it.each([
    ["false", false],
    ["0", false],
    ["no", false],
    ["true", true],
    ["1", true],
    ["yes", true],
  ])("reads the boolean %s as %s", (raw, value) => {
    const env = loadEnv({ SEED_DEMO: raw, MIGRATE_ON_START: raw });
    expect(env.SEED_DEMO).toBe(value);
    expect(env.MIGRATE_ON_START).toBe(value);
  });

  it("names PORT when it is not a number", () => {
    const e = envError({ PORT: "abc" });
    expect(e.name).toBe("EnvError");
    expect(e.message).toMatch(/^\s*PORT: /m);
  });

  it.each(["0", "65536", "80.5"])("rejects PORT=%s", (port) => {
    expect(envError({ PORT: port }).message).toContain("PORT");
  });

  it("names every wrong variable at once", () => {
    const e = envError({
      PORT: "abc",
      ROLE: "boss",
      REDIS_URL: "not a url",
      SEED_DEMO: "maybe",
      QUEUE_PREFIX: "Has Spaces",
      APP_SECRET: "short",
    });
    for (const name of ["PORT", "ROLE", "REDIS_URL", "SEED_DEMO", "QUEUE_PREFIX", "APP_SECRET"]) {
      expect(e.message).toMatch(new RegExp(`^\\s*${name}: `, "m"));
    }
    expect(e.message).not.toMatch(/^\s*HOST: /m);
  });

  it("requires S3 keys in production when S3_ENDPOINT is set", () => {
    const e = envError({ NODE_ENV: "production", S3_ENDPOINT: "http://127.0.0.1:9000" });
    expect(e.message).toContain("S3_ACCESS_KEY");
    expect(e.message).toContain("S3_SECRET_KEY");
    expect(loadEnv({ NODE_ENV: "development", S3_ENDPOINT: "http://127.0.0.1:9000" }).S3_ENDPOINT).toBe(
      "http://127.0.0.1:9000",
    );
    expect(
      loadEnv({
        S3_ENDPOINT: "http://127.0.0.1:9000",
        S3_ACCESS_KEY: "minio",
        S3_SECRET_KEY: "minio-secret",
      }).S3_ACCESS_KEY,
    ).toBe("minio");
  });
});
