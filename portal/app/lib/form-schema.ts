/** One field of an application form, as the guide previews it. */
export interface FormFieldPreview {
  name: string;
  title: string;
  required: boolean;
  description?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The top-level properties of a JSON Schema form, in declaration order, with their titles and whether
 * they are required. Tolerant of partial schemas: the guide must render even for an odd form.
 */
export function formFieldsOf(schema: Record<string, unknown>): FormFieldPreview[] {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(
    Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === "string") : [],
  );
  // Publishing records the declared order as x-order, because the database does not keep key order.
  const order = Array.isArray(schema["x-order"])
    ? (schema["x-order"] as unknown[]).filter((k) => typeof k === "string")
    : [];
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  const entries = Object.entries(properties).sort(([a], [b]) => rank(a) - rank(b));
  return entries.map(([name, prop]) => {
    const p = isRecord(prop) ? prop : {};
    return {
      name,
      title: typeof p.title === "string" && p.title ? p.title : name,
      required: required.has(name),
      description: typeof p.description === "string" ? p.description : undefined,
    };
  });
}
