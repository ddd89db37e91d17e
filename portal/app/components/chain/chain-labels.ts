import type { ChainProgressItem } from "../../../../chain/index.ts";
import type { MessageKey, TFunction } from "../../i18n/index.ts";

/** A chain instance's status. */
export function chainStatusLabel(t: TFunction, status: string): string {
  const known = ["running", "blocked", "completed", "withdrawn"];
  return known.includes(status) ? t(`chain.status.${status}` as MessageKey) : status;
}

export const CHAIN_STATUS_COLOR: Record<string, string> = {
  running: "processing",
  blocked: "warning",
  completed: "success",
  withdrawn: "default",
};

/** The colour of an item of the diagram: waiting grey, open blue, approved green, failed red. */
export function outcomeTone(outcome: ChainProgressItem["outcome"]): { tag: string; border: string } {
  if (outcome === "waiting") return { tag: "default", border: "#bfbfbf" };
  if (outcome === "open") return { tag: "processing", border: "#1677ff" };
  if (outcome === "approved") return { tag: "success", border: "#52c41a" };
  return { tag: "error", border: "#ff4d4f" };
}

export function outcomeLabel(t: TFunction, outcome: ChainProgressItem["outcome"]): string {
  return t(`chain.outcome.${outcome}` as MessageKey);
}
