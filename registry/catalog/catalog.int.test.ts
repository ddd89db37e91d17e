import { afterAll, describe, expect, it } from "vitest";
import {
  freshDepartmentCode,
  itemDefinition,
  makeDepartment,
  makePerson,
  personActor,
  unique,
} from "../testing/factories.ts";
import { closeTestOrm, testCtx } from "../testing/test-env.ts";
import { publishServiceItem } from "./publish-service-item.ts";
import { getItemGuide, listCatalog } from "./read-catalog.ts";
import { ResultType, ServiceItem, ServiceItemVersion } from "./service-item.entity.ts";

afterAll(closeTestOrm);

async function versionsOf(code: string): Promise<{ version: number; name: string }[]> {
  const ctx = await testCtx();
  return ctx.em.getConnection().execute(
    `select v.version, v.definition->>'name' as name from service_item_version v
       join service_item i on i.id = v.item_id where i.code = ? order by v.version`,
    [code],
  );
}

async function itemCount(code: string): Promise<number> {
  return (await testCtx()).em.count(ServiceItem, { code });
}

describe("publishServiceItem", () => {
  it("publishes version 1, ignores an identical definition and versions a changed one", async () => {
    const d = await makeDepartment();
    const def = itemDefinition(d.code);
    expect(await publishServiceItem(await testCtx(), def)).toEqual({
      code: def.code,
      version: 1,
      changed: true,
    });
    // A fresh copy with the same content, as a seed run would send it.
    expect(await publishServiceItem(await testCtx(), structuredClone(def))).toEqual({
      code: def.code,
      version: 1,
      changed: false,
    });
    expect(await versionsOf(def.code)).toHaveLength(1);

    expect(
      await publishServiceItem(await testCtx(), { ...def, name: "测试许可事项（修订）", promisedDays: 3 }),
    ).toEqual({ code: def.code, version: 2, changed: true });
    expect(await versionsOf(def.code)).toEqual([
      { version: 1, name: "测试许可事项" },
      { version: 2, name: "测试许可事项（修订）" },
    ]);
    const row = await (await testCtx()).em.findOneOrFail(ServiceItem, { code: def.code });
    expect(row).toMatchObject({ currentVersion: 2, name: "测试许可事项（修订）", promisedDays: 3 });
    const guide = await getItemGuide(await testCtx(), def.code);
    expect(guide).toMatchObject({ version: 2, name: "测试许可事项（修订）", promisedDays: 3 });
  });

  it("refuses promised days beyond the statutory limit and writes nothing", async () => {
    const d = await makeDepartment();
    const def = itemDefinition(d.code, { statutoryDays: 5, promisedDays: 6 });
    await expect(publishServiceItem(await testCtx(), def)).rejects.toMatchObject({
      code: "VALIDATION",
      details: [{ path: "promisedDays", message: "承诺时限不得超过法定时限" }],
    });
    expect(await itemCount(def.code)).toBe(0);
    expect(await versionsOf(def.code)).toEqual([]);
  });

  it("requires an instant item to promise 0 days", async () => {
    const d = await makeDepartment();
    const def = itemDefinition(d.code, { handlingType: "instant", statutoryDays: 5, promisedDays: 1 });
    await expect(publishServiceItem(await testCtx(), def)).rejects.toMatchObject({
      code: "VALIDATION",
      details: [{ path: "promisedDays" }],
    });
    expect(await itemCount(def.code)).toBe(0);
    const ok = itemDefinition(d.code, { handlingType: "instant", statutoryDays: 5, promisedDays: 0 });
    expect((await publishServiceItem(await testCtx(), ok)).version).toBe(1);
  });

  it("refuses a flow of more than 5 steps", async () => {
    const d = await makeDepartment();
    const steps = ["accept", "review", "check", "sign", "decide", "deliver"].map((code) => ({
      code,
      name: `环节${code}`,
      role: "reviewer" as const,
      skippable: false,
    }));
    const def = itemDefinition(d.code, { flowTemplate: { type: "promised", steps } });
    await expect(publishServiceItem(await testCtx(), def)).rejects.toMatchObject({
      code: "VALIDATION",
      message: "flowTemplate.steps: 流程环节不得超过 5 个",
      details: [{ path: "flowTemplate.steps", message: "流程环节不得超过 5 个" }],
    });
    expect(await itemCount(def.code)).toBe(0);
  });

  it("refuses a form whose required list names a field it does not define", async () => {
    const d = await makeDepartment();
    const def = itemDefinition(d.code, {
      formSchema: {
        type: "object",
        required: ["applicantName", "licenceNo"],
        properties: { applicantName: { type: "string", title: "申请人名称" } },
      },
    });
    await expect(publishServiceItem(await testCtx(), def)).rejects.toMatchObject({
      code: "VALIDATION",
      details: [{ path: "formSchema.required" }],
    });
    expect(await itemCount(def.code)).toBe(0);
  });

  it("refuses duplicate material codes", async () => {
    const d = await makeDepartment();
    const base = itemDefinition(d.code);
    const def = {
      ...base,
      materials: [base.materials[0], { ...base.materials[1], code: base.materials[0].code }],
    };
    await expect(publishServiceItem(await testCtx(), def)).rejects.toMatchObject({
      code: "VALIDATION",
      details: [{ path: "materials" }],
    });
    expect(await itemCount(def.code)).toBe(0);
  });

  it("refuses an unknown department", async () => {
    const def = itemDefinition(freshDepartmentCode());
    await expect(publishServiceItem(await testCtx(), def)).rejects.toMatchObject({
      code: "NOT_FOUND",
      details: [{ path: "departmentCode" }],
    });
    expect(await itemCount(def.code)).toBe(0);
  });

  it("lets several departments issue one result type, which keeps its first department", async () => {
    const first = await makeDepartment();
    const second = await makeDepartment();
    const resultType = { code: `TEST_LICENSE_${unique()}`, name: "测试许可证", validMonths: 36 };
    await publishServiceItem(await testCtx(), itemDefinition(first.code, { resultType }));
    const def = itemDefinition(second.code, { resultType });
    expect(await publishServiceItem(await testCtx(), def)).toMatchObject({ version: 1, changed: true });
    expect(await itemCount(def.code)).toBe(1);
    const rt = await (await testCtx()).em.findOneOrFail(ResultType, { code: resultType.code });
    expect(rt).toMatchObject({ name: "测试许可证", validMonths: 36 });
    expect(rt.department.id).toBe(first.id);
  });

  it("lets the owning department's next item reuse and rename its result type", async () => {
    const owner = await makeDepartment();
    const code = `TEST_LICENSE_${unique()}`;
    await publishServiceItem(
      await testCtx(),
      itemDefinition(owner.code, { resultType: { code, name: "测试许可证", validMonths: 12 } }),
    );
    await publishServiceItem(
      await testCtx(),
      itemDefinition(owner.code, { resultType: { code, name: "测试许可证（新版）", validMonths: null } }),
    );
    const rt = await (await testCtx()).em.findOneOrFail(ResultType, { code });
    expect(rt).toMatchObject({ name: "测试许可证（新版）", validMonths: null });
  });

  it("is only for administrators", async () => {
    const d = await makeDepartment();
    const p = await makePerson();
    const def = itemDefinition(d.code);
    await expect(
      publishServiceItem(
        await testCtx(personActor(p.id, { staff: { departmentId: d.id, roles: ["dept_admin"] } })),
        def,
      ),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await itemCount(def.code)).toBe(0);
  });
});

describe("listCatalog", () => {
  it("finds an item by its name, its code and its keywords", async () => {
    const d = await makeDepartment();
    const u = unique();
    const def = itemDefinition(d.code, { name: `独特名称事项${u}`, keywords: [`关键词${u}`, "许可"] });
    await publishServiceItem(await testCtx(), def);
    const other = itemDefinition(d.code);
    await publishServiceItem(await testCtx(), other);
    for (const q of [`独特名称事项${u}`, def.code.toLowerCase(), `关键词${u}`, `  词${u} `]) {
      const view = await listCatalog(await testCtx(), { q });
      const codes = view.departments.flatMap((g) => g.items.map((i) => i.code));
      expect(codes, q).toEqual([def.code]);
      expect(view.itemCount).toBe(1);
    }
    expect((await listCatalog(await testCtx(), { q: `无此事项${u}` })).itemCount).toBe(0);
  });

  it("treats % and _ in the query as text, not wildcards", async () => {
    const d = await makeDepartment();
    await publishServiceItem(await testCtx(), itemDefinition(d.code));
    const view = await listCatalog(await testCtx(), { q: "%", department: d.code });
    expect(view.itemCount).toBe(0);
    expect((await listCatalog(await testCtx(), { q: "_", department: d.code })).itemCount).toBe(0);
  });

  it("narrows to one department and lists its items with their summary", async () => {
    const d = await makeDepartment();
    const other = await makeDepartment();
    const a = itemDefinition(d.code);
    const b = itemDefinition(d.code, { name: "第二个测试事项" });
    await publishServiceItem(await testCtx(), a);
    await publishServiceItem(await testCtx(), b);
    await publishServiceItem(await testCtx(), itemDefinition(other.code));
    const view = await listCatalog(await testCtx(), { department: d.code });
    expect(view.departments).toHaveLength(1);
    expect(view.departments[0]).toMatchObject({ code: d.code, name: d.name, level: "city" });
    expect(view.departments[0].items.map((i) => i.code)).toEqual([a.code, b.code].sort());
    expect(view.itemCount).toBe(2);
    expect(view.departments[0].items.find((i) => i.code === a.code)).toEqual({
      code: a.code,
      version: 1,
      name: a.name,
      departmentCode: d.code,
      departmentName: d.name,
      kind: a.kind,
      handlingType: a.handlingType,
      subjectTypes: a.subjectTypes,
      statutoryDays: a.statutoryDays,
      promisedDays: a.promisedDays,
      onlineDepth: a.onlineDepth,
      visitsRequired: a.visitsRequired,
      feeFen: a.fee.amountFen,
    });
  });

  it("leaves out suspended items", async () => {
    const d = await makeDepartment();
    const def = itemDefinition(d.code);
    await publishServiceItem(await testCtx(), def);
    const ctx = await testCtx();
    await ctx.em.nativeUpdate(ServiceItem, { code: def.code }, { status: "suspended" });
    expect((await listCatalog(await testCtx(), { department: d.code })).itemCount).toBe(0);
    await expect(getItemGuide(await testCtx(), def.code)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("getItemGuide", () => {
  it("returns every field of the current version", async () => {
    const d = await makeDepartment();
    const def = itemDefinition(d.code, {
      fee: { amountFen: 5000, basis: "《测试收费标准》" },
      resultType: { code: `TEST_LICENSE_${unique()}`, name: "测试许可证", validMonths: 60 },
    });
    const at = new Date("2026-03-02T01:02:03.000Z");
    await publishServiceItem(await testCtx(undefined, at), def);
    const guide = await getItemGuide(await testCtx(), def.code);
    expect(guide).toEqual({
      code: def.code,
      version: 1,
      name: def.name,
      departmentCode: d.code,
      departmentName: d.name,
      kind: def.kind,
      handlingType: def.handlingType,
      subjectTypes: def.subjectTypes,
      statutoryDays: def.statutoryDays,
      promisedDays: def.promisedDays,
      onlineDepth: def.onlineDepth,
      visitsRequired: def.visitsRequired,
      feeFen: 5000,
      legalBasis: def.legalBasis,
      conditions: def.conditions,
      feeBasis: "《测试收费标准》",
      servicePoints: def.servicePoints,
      materials: def.materials,
      // The declared field order survives jsonb as x-order.
      formSchema: { ...def.formSchema, "x-order": ["applicantName", "contactPhone", "remark"] },
      flowTemplate: def.flowTemplate,
      resultType: def.resultType,
      department: { code: d.code, name: d.name, phone: d.phone, address: d.address },
      resultTypeNames: {},
      publishedAt: at.toISOString(),
    });
    const v = await (await testCtx()).em.findOneOrFail(ServiceItemVersion, { item: { code: def.code } });
    expect(v.version).toBe(1);
  });

  it("answers NOT_FOUND for an unknown code and for a malformed one", async () => {
    await expect(getItemGuide(await testCtx(), `NO-${unique()}`)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    for (const bad of ["", "a", "lower-case-code", "X'; drop table service_item; --", "X".repeat(41)]) {
      await expect(getItemGuide(await testCtx(), bad)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });
});
