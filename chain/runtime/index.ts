// The thin runtime around the pure flow engine: load, transition, save (with events and outbox) in one transaction;
// and around the pure chain planner: advance a chain under its instance lock, in the transaction that ended a case.

export { CHAIN_ENGINE_ACTOR } from "./advance-chain.ts";
export * from "./applicant-case.ts";
export * from "./case-flow-view.ts";
export * from "./chain-application.ts";
export * from "./chain-apply-context.ts";
export * from "./chain-progress-page.ts";
export * from "./chain-views.ts";
export * from "./perform-case-action.ts";
export * from "./sweep-deficiencies.ts";
export { forgetWorkCalendar } from "./work-calendar-cache.ts";
