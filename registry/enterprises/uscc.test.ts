import { describe, expect, it } from "vitest";
import { isValidUscc, makeUscc, usccCheckChar, usccProblem } from "./uscc.ts";

describe("GB 32100 unified social credit code", () => {
  it.each([
    ["91350100M000100Y43", true], // published example
    ["91350100m000100y43", true], // lower case is normalised
    ["91350100M000100Y44", false], // wrong check character
    ["91350100M000100Y4", false], // 17 characters
    ["91350100M0001O0Y43", false], // O is not in the alphabet
    ["91AB0100M000100Y43", false], // region must be digits
    ["", false],
  ])("%s valid: %s", (code, valid) => {
    expect(isValidUscc(code)).toBe(valid);
  });

  it("names the problem", () => {
    expect(usccProblem("91350100M000100Y44")).toBe("统一社会信用代码校验码错误");
    expect(usccProblem("91350100M0001O0Y43")).toMatch(/无效字符/);
  });

  it("builds valid codes, and the check character can be 0", () => {
    for (const first17 of ["91320999MA1MXK2R0", "11320999000000001", "92320999MA2AAAAA1"]) {
      expect(isValidUscc(makeUscc(first17))).toBe(true);
    }
    expect(usccCheckChar("91350100M000100Y4")).toBe("3");
    expect(() => usccCheckChar("9135010OM000100Y4")).toThrow();
  });
});
