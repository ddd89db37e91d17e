// The business-chain engine (一件事): the pure planner, the chain clock and the combined form's mapping.
export * from "./chain-clock.ts";
export * from "./item-form.ts";
export * from "./plan.ts";
