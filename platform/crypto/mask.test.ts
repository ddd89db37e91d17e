import { describe, expect, it } from "vitest";
import { maskIdNumber, maskName, maskPhone } from "./mask.ts";

describe("maskIdNumber", () => {
  it.each([
    ["320582199001011236", "3205**********1236"],
    ["11010519491231002X", "1101**********002X"],
    [" 11010519491231002X ", "1101**********002X"],
    ["110105491231002", "110*********002"],
    ["12345678", "12****78"],
    ["1234", "1**4"],
    ["123", "***"],
    ["", ""],
  ])("%j -> %j", (input, expected) => {
    expect(maskIdNumber(input)).toBe(expected);
  });

  it("tolerates missing values", () => {
    expect(maskIdNumber(null)).toBe("");
    expect(maskIdNumber(undefined)).toBe("");
  });
});

describe("maskPhone", () => {
  it.each([
    ["13912345678", "139****5678"],
    ["+86 139-1234-5678", "139****5678"],
    ["0512-58681234", "051*****1234"],
    ["58681234", "******34"],
    ["12345", "****5"],
    ["12", "**"],
    ["", ""],
  ])("%j -> %j", (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });

  it("tolerates missing values", () => {
    expect(maskPhone(null)).toBe("");
    expect(maskPhone(undefined)).toBe("");
  });
});

describe("maskName", () => {
  it.each([
    ["张三丰", "张**"],
    ["张三", "张*"],
    ["欧阳娜娜", "欧***"],
    ["阿依古丽·买买提", "阿*******"],
    [" 李四 ", "李*"],
    ["𠀾小明", "𠀾**"],
    ["王", "*"],
    ["", ""],
  ])("%j -> %j", (input, expected) => {
    expect(maskName(input)).toBe(expected);
  });

  it("tolerates missing values", () => {
    expect(maskName(null)).toBe("");
    expect(maskName(undefined)).toBe("");
  });
});
