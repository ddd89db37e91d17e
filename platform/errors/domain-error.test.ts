import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError, ERROR_CODES, type ErrorCode, isDomainError } from "./domain-error.ts";
import { parseInput } from "./validate.ts";

/** The DomainError `fn` throws. */
function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    expect(isDomainError(e)).toBe(true);
    return e as DomainError;
  }
  throw new Error("nothing was thrown");
}

describe("parseInput", () => {
  const ZInput = z.object({
    name: z.string().min(2, "至少 2 个字"),
    age: z.number().int().min(0),
    materials: z.array(z.object({ code: z.string().regex(/^M\d+$/, "材料编码不正确") })),
  });

  it("returns the parsed value", () => {
    const input = { name: "张三", age: 30, materials: [{ code: "M1" }] };
    expect(parseInput(ZInput, input)).toEqual(input);
  });

  it("returns the schema's output, not its input", () => {
    expect(parseInput(z.object({ n: z.coerce.number() }), { n: "7" })).toEqual({ n: 7 });
  });

  it("turns every zod issue into a VALIDATION detail with its path", () => {
    const e = thrown(() =>
      parseInput(ZInput, { name: "张", age: -1, materials: [{ code: "M1" }, { code: "X" }] }),
    );
    expect(e).toBeInstanceOf(DomainError);
    expect(e.code).toBe("VALIDATION");
    expect(e.status).toBe(400);
    expect(e.details.map((d) => d.path)).toEqual(["name", "age", "materials.1.code"]);
    expect(e.details[0].message).toBe("至少 2 个字");
    expect(e.details[2].message).toBe("材料编码不正确");
    // The message is the first problem, prefixed by its field.
    expect(e.message).toBe("name: 至少 2 个字");
  });

  it("reports a missing field by its path", () => {
    const e = thrown(() => parseInput(ZInput, { name: "张三", materials: [] }));
    expect(e.details).toHaveLength(1);
    expect(e.details[0].path).toBe("age");
  });

  it("leaves the prefix off a problem of the whole input", () => {
    const e = thrown(() => parseInput(z.string().min(1, "不能为空"), ""));
    expect(e.details).toEqual([{ path: "", message: "不能为空" }]);
    expect(e.message).toBe("不能为空");
  });
});

describe("DomainError", () => {
  it.each(Object.entries(ERROR_CODES))("maps %s to its status and default message", (code, def) => {
    const e = new DomainError(code as ErrorCode);
    expect(e.status).toBe(def.status);
    expect(e.message).toBe(def.title);
    expect(e.details).toEqual([]);
    expect(e.name).toBe("DomainError");
    expect(e).toBeInstanceOf(Error);
  });

  it("uses known HTTP statuses for the codes", () => {
    expect(ERROR_CODES.VALIDATION.status).toBe(400);
    expect(ERROR_CODES.UNAUTHENTICATED.status).toBe(401);
    expect(ERROR_CODES.FORBIDDEN.status).toBe(403);
    expect(ERROR_CODES.NOT_FOUND.status).toBe(404);
    expect(ERROR_CODES.CONFLICT.status).toBe(409);
    expect(ERROR_CODES.INVALID_STATE.status).toBe(409);
    expect(ERROR_CODES.EXPIRED.status).toBe(410);
    expect(ERROR_CODES.PAYLOAD_TOO_LARGE.status).toBe(413);
    expect(ERROR_CODES.RATE_LIMITED.status).toBe(429);
    expect(ERROR_CODES.UNAVAILABLE.status).toBe(503);
  });

  it("keeps a custom message and the field details", () => {
    const e = new DomainError("DUPLICATE", "部门编码已存在", [{ path: "code", message: "已存在" }]);
    expect(e.message).toBe("部门编码已存在");
    expect(e.status).toBe(409);
    expect(e.details).toEqual([{ path: "code", message: "已存在" }]);
  });
});

describe("isDomainError", () => {
  it("recognises a DomainError", () => {
    expect(isDomainError(new DomainError("NOT_FOUND"))).toBe(true);
  });

  it("recognises one from another copy of the module by name and code", () => {
    const foreign = Object.assign(new Error("未找到"), { name: "DomainError", code: "NOT_FOUND" });
    expect(isDomainError(foreign)).toBe(true);
  });

  it.each([
    ["a plain Error", new Error("boom")],
    ["an Error named DomainError without a code", Object.assign(new Error("x"), { name: "DomainError" })],
    [
      "an Error named DomainError with an unknown code",
      Object.assign(new Error("x"), { name: "DomainError", code: "NOPE" }),
    ],
    [
      "an Error named DomainError with an inherited key as code",
      Object.assign(new Error("x"), { name: "DomainError", code: "toString" }),
    ],
    [
      "an Error named DomainError with a numeric code",
      Object.assign(new Error("x"), { name: "DomainError", code: 404 }),
    ],
    ["a plain object", { name: "DomainError", code: "NOT_FOUND", message: "x" }],
    ["a string", "DomainError"],
    ["null", null],
    ["undefined", undefined],
  ])("rejects %s", (_label, value) => {
    expect(isDomainError(value)).toBe(false);
  });
});
