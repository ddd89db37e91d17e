import type { ChainInstanceRow } from "../../registry/index.ts";

/*
 * What this process last knew of each chain instance its cases ended in: `exact` when it is the row as
 * committed at `row.version` (read, inserted, or written by a version-guarded advance), otherwise a hint (the
 * snapshot it planned a quiet approval on, with its own slot written; siblings may have ended since). A hint is
 * used only for a quiet approval, whose write re-checks its conditions on the current row (chainSlotWrite); an
 * advance is guarded by the exact version. Either way a stale entry makes the write miss, never write wrong
 * (endChainCase).
 */
export interface KnownInstance {
  row: ChainInstanceRow;
  exact: boolean;
}
const KNOWN_LIMIT = 2000;
const known = new Map<string, KnownInstance>();

/** Remembers an instance: exact as committed at its version, or as a hint; see KnownInstance. */
export function rememberChainInstance(row: ChainInstanceRow, exact: boolean): void {
  known.delete(row.id);
  if (known.size >= KNOWN_LIMIT) known.delete(known.keys().next().value as string);
  known.set(row.id, { row, exact });
}

export function knownChainInstance(id: string): KnownInstance | undefined {
  return known.get(id);
}

/** Forgets an instance (a transaction changed it, and may still roll back; or a write found it stale). */
export function forgetChainInstance(id: string): void {
  known.delete(id);
}
