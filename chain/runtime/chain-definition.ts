import { ancestorsOf, type TChainDefinition } from "../../registry/index.ts";

const ANCESTORS = new WeakMap<TChainDefinition, Map<string, Set<string>>>();

/** Each stage's transitive predecessors in a published (hence acyclic) chain definition, memoised per object. */
export function ancestorsOfDefinition(def: TChainDefinition): Map<string, Set<string>> {
  let a = ANCESTORS.get(def);
  if (!a) {
    a = ancestorsOf(def.stages) ?? new Map();
    ANCESTORS.set(def, a);
  }
  return a;
}
