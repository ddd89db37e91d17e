import type { DraftMaterial, ItemGuideView, MaterialView, ResultView } from "../../../../registry/index.ts";

/** The choice for each requirement, by requirement code. */
export type Chosen = Record<string, DraftMaterial>;

export function chosenFrom(materials: DraftMaterial[] | undefined): Chosen {
  return Object.fromEntries((materials ?? []).map((m) => [m.requirementCode, m]));
}

/** The JSON the page posts in its hidden `payload` field. */
export function payloadOf(formData: Record<string, unknown>, chosen: Chosen): string {
  return JSON.stringify({ formData, materials: Object.values(chosen) });
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
export function missingRequirements(guide: ItemGuideView, chosen: Chosen): string[] {
  return guide.materials
    .filter((r) => {
      const c = chosen[r.code];
      return (r.required && !c) || (c && "resultId" in c && !c.consent);
    })
    .map((r) => r.name);
}
