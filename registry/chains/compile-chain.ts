import { DomainError, type FieldIssue } from "../../platform/index.ts";
import type { TServiceItem } from "../catalog/catalog.schema.ts";
import type { ChainItemRef, ChainMaterial, TChainDefinition, TChainInputParsed } from "./chain.schema.ts";

/** An item's current version as publishChain reads it. */
export interface ItemForChain {
  versionId: string;
  version: number;
  status: string;
  departmentId: string;
  departmentCode: string;
  departmentName: string;
  definition: TServiceItem;
}

/** Fields a chain fills itself once it has established the enterprise. */
const ENTERPRISE_DERIVED = ["uscc"];

/**
 * Compiles a chain's input against its items (pure): checks the stage graph (known, acyclic, each item once),
 * the applicant types, and the field maps; then derives the combined form (the union of the items' fields under
 * their chain names, each asked once, required where any item requires it), the handoffs (a later item's
 * material that an earlier stage's result satisfies), the one material set the applicant provides (everything
 * else, merged by requirement code), and the critical path of promised days. Throws DomainError VALIDATION with
 * every problem found.
 */
export function compileChain(input: TChainInputParsed, items: Map<string, ItemForChain>): TChainDefinition {
  const issues: FieldIssue[] = [];
  const stageOf = new Map<string, string>();
  const keys = new Set<string>();
  input.stages.forEach((s, i) => {
    if (keys.has(s.key)) issues.push({ path: `stages.${i}.key`, message: `环节编码重复：${s.key}` });
    keys.add(s.key);
    for (const code of s.items) {
      if (stageOf.has(code))
        issues.push({ path: `stages.${i}.items`, message: `事项 ${code} 出现在多个环节` });
      stageOf.set(code, s.key);
      const it = items.get(code);
      if (!it) issues.push({ path: `stages.${i}.items`, message: `未找到事项 ${code}` });
      else if (it.status !== "active")
        issues.push({ path: `stages.${i}.items`, message: `事项 ${code} 已暂停办理` });
    }
  });
  input.stages.forEach((s, i) => {
    for (const a of s.after)
      if (!keys.has(a) || a === s.key)
        issues.push({ path: `stages.${i}.after`, message: `前置环节无效：${a}` });
  });
  if (issues.length) throw new DomainError("VALIDATION", issues[0].message, issues);
  const ancestors = ancestorsOf(input.stages);
  if (!ancestors)
    throw new DomainError("VALIDATION", "环节之间存在循环依赖", [{ path: "stages", message: "循环" }]);

  // Who applies for each item: the chain's applicant, or the established enterprise after its stage.
  const est = input.establishesEnterprise;
  if (est && !stageOf.has(est))
    issues.push({ path: "establishesEnterprise", message: `事项 ${est} 不在此业务链中` });
  const estStage = est ? stageOf.get(est) : undefined;
  for (const [code, stage] of stageOf) {
    const def = items.get(code)?.definition;
    if (!def) continue;
    const afterEst = estStage !== undefined && ancestors.get(stage)?.has(estStage);
    const needs = afterEst ? ["enterprise"] : input.subjectTypes;
    for (const t of needs)
      if (!def.subjectTypes.includes(t as "person" | "enterprise"))
        issues.push({
          path: "subjectTypes",
          message: `事项 ${code} 不面向${t === "person" ? "个人" : "企业"}办理`,
        });
  }
  for (const [code, map] of Object.entries(input.fieldMaps)) {
    const props = items.get(code)?.definition.formSchema.properties;
    if (!stageOf.has(code) || !props) {
      issues.push({ path: `fieldMaps.${code}`, message: `事项 ${code} 不在此业务链中` });
      continue;
    }
    for (const f of Object.keys(map))
      if (!(f in props))
        issues.push({ path: `fieldMaps.${code}.${f}`, message: `事项 ${code} 没有字段 ${f}` });
  }
  input.waive.forEach((w, i) => {
    const reqs = items.get(w.itemCode)?.definition.materials ?? [];
    if (!stageOf.has(w.itemCode) || !reqs.some((r) => r.code === w.requirementCode))
      issues.push({ path: `waive.${i}`, message: `事项 ${w.itemCode} 没有材料 ${w.requirementCode}` });
  });
  if (issues.length) throw new DomainError("VALIDATION", issues[0].message, issues);

  const derivedFields = est ? ENTERPRISE_DERIVED : [];
  const refs: Record<string, ChainItemRef> = {};
  const properties: Record<string, unknown> = {};
  const required = new Set<string>();
  const order: string[] = [];
  for (const s of input.stages) {
    for (const code of s.items) {
      const it = items.get(code) as ItemForChain;
      const def = it.definition;
      refs[code] = {
        code,
        name: def.name,
        stage: s.key,
        versionId: it.versionId,
        version: it.version,
        departmentId: it.departmentId,
        departmentCode: it.departmentCode,
        departmentName: it.departmentName,
        promisedDays: def.promisedDays,
        statutoryDays: def.statutoryDays,
        resultTypeCode: def.resultType?.code ?? null,
        resultTypeName: def.resultType?.name ?? null,
        subjectTypes: def.subjectTypes,
        fields: Object.keys(def.formSchema.properties),
        requirementCodes: def.materials.map((m) => m.code),
      };
      const itemOrder =
        (def.formSchema["x-order"] as string[] | undefined) ?? Object.keys(def.formSchema.properties);
      const itemRequired = new Set((def.formSchema.required as string[] | undefined) ?? []);
      for (const f of itemOrder) {
        const schema = def.formSchema.properties[f];
        if (schema === undefined) continue;
        const name = input.fieldMaps[code]?.[f] ?? f;
        const derived =
          derivedFields.includes(name) && estStage !== s.key && ancestors.get(s.key)?.has(estStage ?? "");
        if (derived) continue;
        if (name in properties) {
          if (JSON.stringify(typeOf(properties[name])) !== JSON.stringify(typeOf(schema)))
            issues.push({ path: `fieldMaps.${code}.${f}`, message: `字段 ${name} 在各事项中的类型不一致` });
        } else {
          properties[name] = schema;
          order.push(name);
        }
        if (itemRequired.has(f)) required.add(name);
      }
    }
  }
  if (issues.length) throw new DomainError("VALIDATION", issues[0].message, issues);

  // Handoffs: a requirement of a later item met by a result an ancestor stage's item issues.
  const handoffs: TChainDefinition["handoffs"] = [];
  const byCode = new Map<string, ChainMaterial>();
  for (const s of input.stages) {
    const before = ancestors.get(s.key) ?? new Set<string>();
    for (const code of s.items) {
      for (const req of items.get(code)?.definition.materials ?? []) {
        if (input.waive.some((w) => w.itemCode === code && w.requirementCode === req.code)) continue;
        const from = [...stageOf].find(
          ([c, st]) =>
            before.has(st) &&
            refs[c].resultTypeCode &&
            req.acceptedResultTypes.includes(refs[c].resultTypeCode as string),
        );
        if (from) {
          handoffs.push({
            fromItem: from[0],
            resultTypeCode: refs[from[0]].resultTypeCode as string,
            toItem: code,
            requirementCode: req.code,
          });
          continue;
        }
        const m = byCode.get(req.code);
        if (!m) {
          byCode.set(req.code, {
            code: req.code,
            name: req.name,
            required: req.required,
            form: req.form,
            acceptedResultTypes: [...req.acceptedResultTypes],
            note: req.note,
            items: [code],
          });
        } else {
          m.required ||= req.required;
          m.acceptedResultTypes = m.acceptedResultTypes.filter((t) => req.acceptedResultTypes.includes(t));
          m.items.push(code);
        }
      }
    }
  }

  const criticalPathDays = criticalPath(input.stages, refs);
  return {
    ...input,
    items: refs,
    formSchema: { type: "object", properties, required: [...required], "x-order": order },
    derivedFields,
    materials: [...byCode.values()],
    handoffs,
    criticalPathDays,
    effectivePromiseDays: input.promiseDays ?? criticalPathDays,
  };
}

/** The JSON type of a field schema, which must agree wherever the field is asked. */
function typeOf(schema: unknown): unknown {
  return (schema as { type?: unknown }).type ?? null;
}

/** Each stage's transitive predecessors, or null when the graph has a cycle. */
export function ancestorsOf(
  stages: readonly { key: string; after: string[] }[],
): Map<string, Set<string>> | null {
  const after = new Map(stages.map((s) => [s.key, s.after]));
  const out = new Map<string, Set<string>>();
  const visiting = new Set<string>();
  const visit = (k: string): Set<string> | null => {
    const done = out.get(k);
    if (done) return done;
    if (visiting.has(k)) return null;
    visiting.add(k);
    const acc = new Set<string>();
    for (const a of after.get(k) ?? []) {
      const up = visit(a);
      if (!up) return null;
      acc.add(a);
      for (const x of up) acc.add(x);
    }
    visiting.delete(k);
    out.set(k, acc);
    return acc;
  };
  for (const s of stages) if (!visit(s.key)) return null;
  return out;
}

/** The longest path of stage durations (a stage takes as long as its slowest item's promise). */
export function criticalPath(
  stages: readonly { key: string; items: string[]; after: string[] }[],
  items: Record<string, { promisedDays: number }>,
): number {
  const finish = new Map<string, number>();
  const byKey = new Map(stages.map((s) => [s.key, s]));
  const end = (k: string): number => {
    const known = finish.get(k);
    if (known !== undefined) return known;
    const s = byKey.get(k) as (typeof stages)[number];
    const start = Math.max(0, ...s.after.map(end));
    const f = start + Math.max(0, ...s.items.map((c) => items[c]?.promisedDays ?? 0));
    finish.set(k, f);
    return f;
  };
  return Math.max(0, ...stages.map((s) => end(s.key)));
}
