import { describe, expect, it } from "vitest";
import { createStorage } from "./create-storage.ts";
import { contentDisposition, objectKeyProblem } from "./object-storage.ts";

describe("objectKeyProblem", () => {
  it.each([
    "materials/2026/11/0b7c6f4e-8f3a-4d51-9a2e-1c2d3e4f5a6b.pdf",
    "a",
    "results/A-1_b.2/x.tar.gz",
    `m/${"a".repeat(510)}`,
  ])("accepts %s", (key) => {
    expect(objectKeyProblem(key)).toBeNull();
  });

  it.each([
    ["", "empty"],
    ["a/", "empty segment"],
    ["a/./b", "starts with '.'"],
    ["C:/x", "characters outside"],
    ["a/b%2e", "characters outside"],
  ])("rejects %j (%s)", (key, problem) => {
    expect(objectKeyProblem(key)).toContain(problem);
  });
});

describe("contentDisposition", () => {
  it("gives an ASCII fallback and the exact UTF-8 name", () => {
    expect(contentDisposition('营业执照 "副本".pdf')).toBe(
      `attachment; filename="____ ____.pdf"; filename*=UTF-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7%20%22%E5%89%AF%E6%9C%AC%22.pdf`,
    );
    expect(contentDisposition("it's (1).pdf")).toBe(
      `attachment; filename="it's (1).pdf"; filename*=UTF-8''it%27s%20%281%29.pdf`,
    );
  });
});

describe("createStorage", () => {
  const base = { localRoot: "/tmp/unused", secret: "a-secret-of-sufficient-length", baseUrl: "http://x" };

  it("uses local disk without S3 settings and S3 with them", () => {
    expect(createStorage(base).kind).toBe("local");
    const s3 = {
      endpoint: "https://s3.example",
      region: "us-east-1",
      bucket: "b1b",
      accessKey: "a",
      secretKey: "s",
    };
    expect(createStorage({ ...base, s3 }).kind).toBe("s3");
  });

  it("refuses an S3 endpoint with a path", () => {
    const s3 = {
      endpoint: "http://h:9000/x",
      region: "us-east-1",
      bucket: "b1b",
      accessKey: "a",
      secretKey: "s",
    };
    expect(() => createStorage({ ...base, s3 })).toThrow(/path/);
  });
});
