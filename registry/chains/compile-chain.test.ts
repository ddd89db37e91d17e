import { describe, expect, it } from "vitest";
import type { TServiceItem } from "../catalog/catalog.schema.ts";
import { type TChainInput, ZChainInput } from "./chain.schema.ts";
import { compileChain, criticalPath, type ItemForChain } from "./compile-chain.ts";

const material = (code: string, acceptedResultTypes: string[] = [], required = true) => ({
  code,
  name: `材料${code}`,
  required,
  form: "electronic" as const,
  copies: 1,
  acceptedResultTypes,
  templateKey: null,
  note: "",
});

function item(
  code: string,
  o: {
    promisedDays?: number;
    result?: string;
    materials?: ReturnType<typeof material>[];
    fields?: Record<string, unknown>;
    required?: string[];
    subjectTypes?: ("person" | "enterprise")[];
  } = {},
): [string, ItemForChain] {
  const fields = o.fields ?? { enterpriseName: { type: "string", title: "企业名称" } };
  return [
    code,
    {
      versionId: `v-${code}`,
      version: 1,
      status: "active",
      departmentId: `d-${code}`,
      departmentCode: `D${code}`,
      departmentName: `${code}局`,
      definition: {
        name: `事项${code}`,
        promisedDays: o.promisedDays ?? 1,
        statutoryDays: 20,
        subjectTypes: o.subjectTypes ?? ["enterprise"],
        resultType: o.result ? { code: o.result, name: `${o.result}证`, validMonths: null } : null,
        materials: o.materials ?? [],
        formSchema: {
          type: "object",
          properties: fields,
          required: o.required ?? [],
          "x-order": Object.keys(fields),
        },
      } as unknown as TServiceItem,
    },
  ];
}

const chain = (o: Partial<TChainInput>) =>
  ZChainInput.parse({
    code: "YJS-T",
    name: "测试一件事",
    summary: "测试用业务链",
    subjectTypes: ["enterprise"],
    promiseDays: null,
    stages: [
      { key: "sa", name: "第一环节", items: ["IT-A"] },
      { key: "sb", name: "第二环节", items: ["IT-B", "IT-C"], after: ["sa"] },
    ],
    ...o,
  });

const items = new Map([
  item("IT-A", {
    promisedDays: 2,
    result: "RA",
    materials: [material("app_form"), material("id_card", ["ID_CARD"])],
  }),
  item("IT-B", {
    promisedDays: 5,
    materials: [
      material("ra_copy", ["RA"]),
      material("app_form"),
      material("id_card", ["ID_CARD", "PASSPORT"]),
    ],
    fields: {
      enterpriseName: { type: "string", title: "企业名称" },
      area: { type: "number", title: "面积" },
    },
    required: ["area"],
  }),
  item("IT-C", {
    promisedDays: 3,
    fields: { enterpriseName: { type: "string", title: "名称" }, note: { type: "string" } },
  }),
]);

describe("compileChain", () => {
  it("merges the forms (each field once), derives handoffs, the one material set and the critical path", () => {
    const def = compileChain(chain({}), items);
    expect(def.formSchema["x-order"]).toEqual(["enterpriseName", "area", "note"]);
    expect(def.formSchema.required).toEqual(["area"]);
    expect(def.handoffs).toEqual([
      { fromItem: "IT-A", resultTypeCode: "RA", toItem: "IT-B", requirementCode: "ra_copy" },
    ]);
    expect(def.materials.map((m) => [m.code, m.items, m.acceptedResultTypes])).toEqual([
      ["app_form", ["IT-A", "IT-B"], []],
      ["id_card", ["IT-A", "IT-B"], ["ID_CARD"]],
    ]);
    expect(def.criticalPathDays).toBe(7);
    expect(def.effectivePromiseDays).toBe(7);
    expect(def.items["IT-B"]).toMatchObject({
      stage: "sb",
      versionId: "v-IT-B",
      fields: ["enterpriseName", "area"],
    });
  });

  it("leaves waived materials out of the one material set", () => {
    const def = compileChain(
      chain({ waive: [{ itemCode: "IT-B", requirementCode: "id_card", reason: "由部门共享" }] }),
      items,
    );
    expect(def.materials.find((m) => m.code === "id_card")?.items).toEqual(["IT-A"]);
    expect(() =>
      compileChain(
        chain({ waive: [{ itemCode: "IT-B", requirementCode: "nope", reason: "由部门共享" }] }),
        items,
      ),
    ).toThrow("没有材料 nope");
  });

  it("renames fields through fieldMaps and keeps a set promise", () => {
    const def = compileChain(chain({ promiseDays: 3, fieldMaps: { "IT-C": { note: "remark" } } }), items);
    expect(Object.keys(def.formSchema.properties)).toEqual(["enterpriseName", "area", "remark"]);
    expect(def.effectivePromiseDays).toBe(3);
  });

  it.each([
    [
      "an unknown item",
      chain({ stages: [{ key: "sa", name: "环节", items: ["IT-Z"], after: [] }] }),
      "未找到事项 IT-Z",
    ],
    [
      "an item in two stages",
      chain({
        stages: [
          { key: "sa", name: "环节一", items: ["IT-A"], after: [] },
          { key: "sb", name: "环节二", items: ["IT-A"], after: ["sa"] },
        ],
      }),
      "出现在多个环节",
    ],
    [
      "a cycle",
      chain({
        stages: [
          { key: "sa", name: "环节一", items: ["IT-A"], after: ["sb"] },
          { key: "sb", name: "环节二", items: ["IT-B"], after: ["sa"] },
        ],
      }),
      "循环",
    ],
    [
      "an unknown predecessor",
      chain({ stages: [{ key: "sa", name: "环节", items: ["IT-A"], after: ["sx"] }] }),
      "前置环节无效",
    ],
    ["an item not open to the applicant type", chain({ subjectTypes: ["person"] }), "不面向个人办理"],
    ["a field map naming a missing field", chain({ fieldMaps: { "IT-C": { nope: "x" } } }), "没有字段 nope"],
  ])("refuses %s", (_, input, message) => {
    expect(() => compileChain(input, items)).toThrow(message);
  });

  it("refuses a field asked with different types", () => {
    const clash = new Map(items);
    clash.set(...item("IT-C", { fields: { area: { type: "string" } } }));
    expect(() => compileChain(chain({}), clash)).toThrow("类型不一致");
  });
});

describe("criticalPath", () => {
  it("is the longest path of stage durations through a diamond", () => {
    const days = {
      "IT-T": { promisedDays: 1 },
      "IT-L": { promisedDays: 5 },
      "IT-R": { promisedDays: 2 },
      "IT-B": { promisedDays: 1 },
    };
    expect(
      criticalPath(
        [
          { key: "st", items: ["IT-T"], after: [] },
          { key: "sl", items: ["IT-L"], after: ["st"] },
          { key: "sr", items: ["IT-R"], after: ["st"] },
          { key: "sb", items: ["IT-B"], after: ["sl", "sr"] },
        ],
        days,
      ),
    ).toBe(7);
  });
});
