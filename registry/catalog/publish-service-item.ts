import { isDeepStrictEqual } from "node:util";
import { DomainError, parseInput, transact } from "../../platform/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { type Ctx, isAdmin } from "../context.ts";
import { Department } from "../org/org.entity.ts";
import { type TServiceItemInput, ZServiceItemInput } from "./catalog.schema.ts";
import { ResultType, ServiceItem, ServiceItemVersion } from "./service-item.entity.ts";

/**
 * Publishes an item: the first version, or a new version when the definition changed. Publishing an
 * identical definition again changes nothing, so seeding is idempotent. Running cases keep the version
 * they were submitted under.
 */
export async function publishServiceItem(
  ctx: Ctx,
  input: TServiceItemInput,
): Promise<{ code: string; version: number; changed: boolean }> {
  if (!isAdmin(ctx.actor)) throw new DomainError("FORBIDDEN", "只有管理员可以发布事项");
  const def = withPropertyOrder(parseInput(ZServiceItemInput, input));
  const problems = checkDefinition(def);
  if (problems.length) throw new DomainError("VALIDATION", problems[0].message, problems);
  return transact(ctx.em, async (em) => {
    const department = await em.findOne(Department, { code: def.departmentCode });
    if (!department)
      throw new DomainError("NOT_FOUND", "实施部门不存在", [{ path: "departmentCode", message: "不存在" }]);
    let item = await em.findOne(ServiceItem, { code: def.code }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
    if (item) {
      const current = await em.findOneOrFail(ServiceItemVersion, { item, version: item.currentVersion });
      if (isDeepStrictEqual(current.definition, def))
        return { code: def.code, version: item.currentVersion, changed: false };
    }
    const columns = {
      name: def.name,
      department,
      kind: def.kind,
      handlingType: def.handlingType,
      subjectTypes: def.subjectTypes,
      statutoryDays: def.statutoryDays,
      promisedDays: def.promisedDays,
      onlineDepth: def.onlineDepth,
      visitsRequired: def.visitsRequired,
      feeFen: def.fee.amountFen,
      keywords: def.keywords.join(" "),
    };
    if (item) {
      em.assign(item, { ...columns, currentVersion: item.currentVersion + 1 });
    } else {
      item = em.create(ServiceItem, {
        id: crypto.randomUUID(),
        code: def.code,
        currentVersion: 1,
        status: "active",
        ...columns,
      });
    }
    em.create(ServiceItemVersion, {
      id: crypto.randomUUID(),
      item,
      version: item.currentVersion,
      definition: def,
      publishedAt: ctx.now,
    });
    if (def.resultType) {
      // A result type may be issued by several departments (each town issues its own 生育登记); the row
      // keeps the name and validity, and the first publisher as the type's competent department.
      const rt = await em.findOne(ResultType, { code: def.resultType.code });
      if (rt) em.assign(rt, { name: def.resultType.name, validMonths: def.resultType.validMonths });
      else
        em.create(ResultType, {
          code: def.resultType.code,
          name: def.resultType.name,
          department,
          validMonths: def.resultType.validMonths,
        });
    }
    recordAudit(
      em,
      ctx.actor,
      ctx.now,
      "catalog.item.publish",
      { type: "service_item", id: item.id },
      {
        code: def.code,
        version: item.currentVersion,
      },
    );
    await em.flush();
    return { code: def.code, version: item.currentVersion, changed: true };
  });
}

/** Rules across fields that the schema alone cannot say. */
function checkDefinition(
  def: ReturnType<typeof ZServiceItemInput.parse>,
): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (def.promisedDays > def.statutoryDays)
    out.push({ path: "promisedDays", message: "承诺时限不得超过法定时限" });
  if (def.handlingType === "instant" && def.promisedDays !== 0) {
    out.push({ path: "promisedDays", message: "即办件的承诺时限应为 0 个工作日（当场办结）" });
  }
  const codes = def.materials.map((m) => m.code);
  if (new Set(codes).size !== codes.length) out.push({ path: "materials", message: "材料编码重复" });
  const steps = def.flowTemplate.steps.map((s) => s.code);
  if (new Set(steps).size !== steps.length)
    out.push({ path: "flowTemplate.steps", message: "流程环节编码重复" });
  const props = Object.keys(def.formSchema.properties);
  const required: unknown = def.formSchema.required ?? [];
  if (!Array.isArray(required) || required.some((r) => typeof r !== "string" || !props.includes(r))) {
    out.push({ path: "formSchema.required", message: "表单必填字段必须是已定义的字段" });
  }
  return out;
}

/**
 * PostgreSQL's jsonb does not keep object key order, but a form's field order matters to applicants:
 * it is recorded once as `x-order` (ignored by validators, used by renderers).
 */
function withPropertyOrder<
  T extends { formSchema: { properties: Record<string, unknown> } & Record<string, unknown> },
>(def: T): T {
  if (Array.isArray(def.formSchema["x-order"])) return def;
  return { ...def, formSchema: { ...def.formSchema, "x-order": Object.keys(def.formSchema.properties) } };
}
