import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { FieldIssue } from "../../platform/index.ts";

const ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
// Compiled validators per item version; a version's schema never changes once published.
const cache = new Map<string, ReturnType<typeof ajv.compile>>();

/** Validates form data against an item version's JSON Schema; returns field issues (empty when valid). */
export function validateFormData(versionId: string, schema: Record<string, unknown>, data: unknown): FieldIssue[] {
  let validate = cache.get(versionId);
  if (!validate) {
    validate = ajv.compile({ ...schema, $schema: undefined });
    cache.set(versionId, validate);
  }
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => {
    const missing = e.keyword === "required" ? `/${(e.params as { missingProperty: string }).missingProperty}` : "";
    const path = `formData${(e.instancePath + missing).replaceAll("/", ".")}`;
    const title = fieldTitle(schema, e.instancePath + missing);
    return { path, message: e.keyword === "required" ? `请填写${title}` : `${title}${e.message ?? "格式不正确"}` };
  });
}

function fieldTitle(schema: Record<string, unknown>, pointer: string): string {
  const key = pointer.split("/").filter(Boolean)[0];
  const props = (schema.properties ?? {}) as Record<string, { title?: string }>;
  return (key && props[key]?.title) || key || "表单";
}
