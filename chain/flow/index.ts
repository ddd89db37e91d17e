// The per-item case flow: a pure transition function over the item's flow template.
export * from "./actions.ts";
export * from "./flow-error.ts";
export { ACTION_NAMES, ACTION_RULES, assertAllowed, STATUS_NAMES } from "./guards.ts";
export { allowedActions, assertCaseAllows } from "./preconditions.ts";
export { MAX_EXTENSION_DAYS } from "./progress.ts";
export * from "./snapshot.ts";
export * from "./transition.ts";
