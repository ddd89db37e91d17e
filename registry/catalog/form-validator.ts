import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { FieldIssue } from "../../platform/index.ts";

const ajv = new Ajv2020({ allErrors: true, strict: false, coerceTypes: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
// Compiled validators per item version; a version's schema never changes once published.
const cache = new Map<string, ReturnType<typeof ajv.compile>>();

/** Validates form data against an item version's JSON Schema; returns field issues (empty when valid). */
export function validateFormData(
  versionId: string,
  schema: Record<string, unknown>,
  data: unknown,
): FieldIssue[] {
  let validate = cache.get(versionId);
  if (!validate) {
    validate = ajv.compile({ ...schema, $schema: undefined });
    cache.set(versionId, validate);
  }
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => {
    const params = e.params as Record<string, unknown>;
    const missing = e.keyword === "required" ? `/${params.missingProperty}` : "";
    const path = `formData${(e.instancePath + missing).replaceAll("/", ".")}`;
    const title = fieldTitle(schema, e.instancePath + missing);
    return {
      path,
      message: e.keyword === "required" ? `请填写${title}` : `${title}${chineseMessage(e.keyword, params)}`,
    };
  });
}

function fieldTitle(schema: Record<string, unknown>, pointer: string): string {
  const key = pointer.split("/").filter(Boolean)[0];
  const props = (schema.properties ?? {}) as Record<string, { title?: string }>;
  return (key && props[key]?.title) || key || "表单";
}

/** ajv speaks English; applicants read Chinese. */
function chineseMessage(keyword: string, params: Record<string, unknown>): string {
  switch (keyword) {
    case "minLength":
      return `不能少于 ${params.limit} 个字符`;
    case "maxLength":
      return `不能超过 ${params.limit} 个字符`;
    case "minimum":
    case "exclusiveMinimum":
      return `不能小于 ${params.limit}`;
    case "maximum":
    case "exclusiveMaximum":
      return `不能大于 ${params.limit}`;
    case "minItems":
      return `至少选择 ${params.limit} 项`;
    case "maxItems":
      return `最多选择 ${params.limit} 项`;
    case "uniqueItems":
      return "不能有重复项";
    case "enum":
      return "不在可选范围内";
    case "type":
      return "类型不正确";
    case "additionalProperties":
      return `含有未定义的字段 ${params.additionalProperty}`;
    default:
      return "格式不正确";
  }
}
