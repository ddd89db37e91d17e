import { describe, expect, it } from "vitest";
import { payloadOf, registeredInUse, schemaForRegistered } from "./apply-state.ts";

const offers = [
  { field: "idNumber", kind: "idNumber" as const, masked: "3209**********7132" },
  { field: "contactPhone", kind: "phone" as const, masked: "137****8216" },
];

describe("registered fields on the apply page", () => {
  it("are in use while they hold their masked placeholder (the prefill or a resumed draft)", () => {
    expect(registeredInUse(offers, { idNumber: "3209**********7132", contactPhone: "13712345678" })).toEqual([
      "idNumber",
    ]);
    expect(registeredInUse(offers, {})).toEqual([]);
  });

  it("drop the pattern and lengths the masked placeholder would fail, only for fields in use", () => {
    const schema = {
      type: "object",
      required: ["idNumber", "contactPhone"],
      properties: {
        idNumber: { type: "string", title: "公民身份号码", pattern: "^\\d{17}[\\dX]$", maxLength: 18 },
        contactPhone: { type: "string", title: "联系电话", pattern: "^1\\d{10}$" },
      },
    };
    const s = schemaForRegistered(schema, ["idNumber"]) as typeof schema;
    expect(s.properties.idNumber).toEqual({ type: "string", title: "公民身份号码" });
    expect(s.properties.contactPhone).toEqual(schema.properties.contactPhone);
    expect(s.required).toEqual(schema.required);
    expect(schemaForRegistered(schema, [])).toBe(schema);
  });

  it("are posted by name beside the form data and materials", () => {
    expect(JSON.parse(payloadOf({ a: 1 }, {}, ["idNumber"]))).toEqual({
      formData: { a: 1 },
      materials: [],
      registered: ["idNumber"],
    });
  });
});
