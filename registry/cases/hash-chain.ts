import { createHash } from "node:crypto";

/** The prev_hash of a case's first event. */
export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
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
  return createHash("sha256")
    .update(prevHash)
    .update("\n")
    .update(canonicalJson({ ...e, at: e.at.toISOString() }))
    .digest("hex");
}
