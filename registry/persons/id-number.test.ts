import { describe, expect, it } from "vitest";
import {
  idNumberCheckChar,
  idNumberProblem,
  isValidIdNumber,
  makeIdNumber,
  normalizeIdNumber,
} from "./id-number.ts";

describe("GB 11643 ID number", () => {
  it.each([
    ["11010519491231002X", true], // the standard's own example
    ["11010519491231002x", true], // lower-case x is normalised
    ["440524188001010014", false], // check digit right, but born before 1900: not a living resident
    ["110105194912310021", false], // wrong check digit
    ["11010519491331002X", false], // month 13
    ["11010519490230002X", false], // 30 February
    ["01010519491231002X", false], // region cannot start with 0
    ["1101051949123100", false], // too short
    ["11010519491231002Y", false], // bad check character
    ["", false],
  ])("%s valid: %s", (id, valid) => {
    expect(isValidIdNumber(id)).toBe(valid);
  });

  it("names the problem", () => {
    expect(idNumberProblem("110105194912310021")).toBe("身份证号码校验码错误");
    expect(idNumberProblem("11010519490230002X")).toBe("身份证号码的出生日期无效");
    expect(idNumberProblem("abc")).toMatch(/18 位/);
  });

  it("computes the check character with ISO 7064 MOD 11-2, including X", () => {
    expect(idNumberCheckChar("11010519491231002")).toBe("X");
    expect(makeIdNumber("320999", "19880415", 102)).toBe("320999198804151026");
    expect(normalizeIdNumber(" 11010519491231002x ")).toBe("11010519491231002X");
    expect(() => idNumberCheckChar("123")).toThrow();
  });
});
