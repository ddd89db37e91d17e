import type {
  DraftMaterial,
  MaterialView,
  RegisteredField,
  ResultView,
  TMaterialRequirement,
} from "../../../../registry/index.ts";

/** A requirement as the checklist shows it: an item's, or a business chain's merged one. */
export type Requirement = Pick<
  TMaterialRequirement,
  "code" | "name" | "required" | "note" | "acceptedResultTypes"
>;

/** The choice for each requirement, by requirement code. */
export type Chosen = Record<string, DraftMaterial>;

export function chosenFrom(materials: DraftMaterial[] | undefined): Chosen {
  return Object.fromEntries((materials ?? []).map((m) => [m.requirementCode, m]));
}

/** The JSON the page posts in its hidden `payload` field (`registered`: fields to fill from the registry). */
export function payloadOf(
  formData: Record<string, unknown>,
  chosen: Chosen,
  registered: string[] = [],
): string {
  return JSON.stringify({ formData, materials: Object.values(chosen), registered });
}

/** Offered registry fields still holding their masked placeholder: the ones in use (a resumed draft keeps them). */
export function registeredInUse(offers: RegisteredField[], formData: Record<string, unknown>): string[] {
  return offers.filter((o) => formData[o.field] === o.masked).map((o) => o.field);
}

/**
 * The schema the browser validates: a field filled from the registry holds its masked placeholder, which the
 * field's pattern and lengths would refuse; the server checks the real value at submit.
 */
export function schemaForRegistered(
  schema: Record<string, unknown>,
  using: string[],
): Record<string, unknown> {
  if (!using.length) return schema;
  const props = { ...((schema.properties ?? {}) as Record<string, Record<string, unknown>>) };
  for (const f of using) {
    if (!props[f]) continue;
    const { pattern: _p, minLength: _min, maxLength: _max, format: _f, ...rest } = props[f];
    props[f] = rest;
  }
  return { ...schema, properties: props };
}

/** What a choice names, for the review page and the checklist. */
export function describeChoice(
  m: DraftMaterial | undefined,
  library: MaterialView[],
  results: ResultView[],
): { kind: "material" | "result" | "none"; label: string } {
  if (!m) return { kind: "none", label: "" };
  if ("materialId" in m) {
    const mat = library.find((x) => x.id === m.materialId);
    return { kind: "material", label: mat ? `${mat.title}（v${mat.version}）` : m.materialId };
  }
  const r = results.find((x) => x.id === m.resultId);
  return { kind: "result", label: r ? `${r.name} ${r.number}` : m.resultId };
}

/** Requirements still unmet (required ones without a choice, or a result without consent). */
export function missingRequirements(guide: { materials: Requirement[] }, chosen: Chosen): string[] {
  return guide.materials
    .filter((r) => {
      const c = chosen[r.code];
      return (r.required && !c) || (c && "resultId" in c && !c.consent);
    })
    .map((r) => r.name);
}
