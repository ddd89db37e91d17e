import { DomainError } from "../../platform/index.ts";
import type { Ctx } from "../context.ts";
import { ZItemCode } from "./catalog.schema.ts";
import { type IServiceItem, ResultType, ServiceItem, ServiceItemVersion } from "./service-item.entity.ts";
import type { CatalogView, ItemGuideView, ServiceItemSummary } from "./views.ts";

function toSummary(i: IServiceItem): ServiceItemSummary {
  const d = i.department.unwrap();
  return {
    code: i.code,
    version: i.currentVersion,
    name: i.name,
    departmentCode: d.code,
    departmentName: d.name,
    kind: i.kind,
    handlingType: i.handlingType as ServiceItemSummary["handlingType"],
    subjectTypes: i.subjectTypes as ServiceItemSummary["subjectTypes"],
    statutoryDays: i.statutoryDays,
    promisedDays: i.promisedDays,
    onlineDepth: i.onlineDepth,
    visitsRequired: i.visitsRequired,
    feeFen: i.feeFen,
  };
}

const LEVEL_RANK = { city: 0, town: 1, village: 2 } as const;

/**
 * The active catalog grouped by department. `q` matches code, name and keywords (trigram index);
 * `department` narrows to one department code.
 */
export async function listCatalog(
  ctx: Ctx,
  input: { q?: string; department?: string } = {},
): Promise<CatalogView> {
  const q = input.q?.trim().slice(0, 50) ?? "";
  const where: Record<string, unknown> = { status: "active" };
  if (input.department) where.department = { code: input.department };
  if (q) {
    // The trigram index on code, name and keywords can serve this ILIKE; whether it does for Chinese terms
    // depends on the database locale (full-text search over segmented Chinese comes with the search issue).
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows: { id: string }[] = await ctx.em
      .getConnection()
      .execute("select id from service_item where (code || ' ' || name || ' ' || keywords) ilike ?", [like]);
    where.id = { $in: rows.map((r) => r.id) };
  }
  const items = await ctx.em.find(ServiceItem, where, { populate: ["department"], orderBy: { code: "asc" } });
  const byDept = new Map<string, CatalogView["departments"][number]>();
  for (const i of items) {
    const d = i.department.unwrap();
    let group = byDept.get(d.code);
    if (!group) {
      group = { code: d.code, name: d.name, level: d.level, items: [] };
      byDept.set(d.code, group);
    }
    group.items.push(toSummary(i));
  }
  const departments = [...byDept.values()].sort(
    (a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || a.code.localeCompare(b.code),
  );
  return { departments, itemCount: items.length };
}

/** 办事指南 of the current version of an item. */
export async function getItemGuide(ctx: Ctx, code: string): Promise<ItemGuideView> {
  if (!ZItemCode.safeParse(code).success) throw new DomainError("NOT_FOUND", "未找到该事项");
  const item = await ctx.em.findOne(ServiceItem, { code, status: "active" }, { populate: ["department"] });
  if (!item) throw new DomainError("NOT_FOUND", "未找到该事项");
  const v = await ctx.em.findOneOrFail(ServiceItemVersion, { item, version: item.currentVersion });
  const def = v.definition;
  const d = item.department.unwrap();
  const codes = [...new Set(def.materials.flatMap((m) => m.acceptedResultTypes))];
  const types = codes.length ? await ctx.em.find(ResultType, { code: { $in: codes } }) : [];
  return {
    ...toSummary(item),
    resultTypeNames: Object.fromEntries(types.map((t) => [t.code, t.name])),
    legalBasis: def.legalBasis,
    conditions: def.conditions,
    feeBasis: def.fee.basis,
    servicePoints: def.servicePoints,
    materials: def.materials,
    formSchema: def.formSchema,
    flowTemplate: def.flowTemplate,
    resultType: def.resultType,
    department: { code: d.code, name: d.name, phone: d.phone, address: d.address },
    publishedAt: v.publishedAt.toISOString(),
  };
}
