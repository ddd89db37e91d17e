import { hash } from "node:crypto";

/** The prev_hash of a case's first event. */
export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length; i++) out += (i ? "," : "") + canonicalJson(value[i]);
    return `${out}]`;
  }
  const o = value as Record<string, unknown>;
  // Code-unit order, as `<` compares (the default sort's order too).
  const keys = Object.keys(o).sort();
  let out = "{";
  for (const k of keys) {
    const v = o[k];
    if (v === undefined) continue;
    out += `${out.length > 1 ? "," : ""}${JSON.stringify(k)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

/** The fields of a case event that its hash covers. */
export interface HashedEventFields {
  caseId: string;
  seq: number;
  stage: string;
  action: string;
  actorType: string;
  actorId: string | null;
  actorName: string;
  at: Date;
  payload: Record<string, unknown>;
}

/** SHA-256 over the previous hash and the event's canonical JSON. */
export function eventHash(prevHash: string, e: HashedEventFields): string {
  return hash("sha256", `${prevHash}\n${canonicalJson({ ...e, at: e.at.toISOString() })}`);
}
