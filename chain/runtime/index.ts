// The thin runtime around the pure flow engine: load, transition, save (with events and outbox) in one transaction.
export * from "./applicant-case.ts";
export * from "./case-flow-view.ts";
export * from "./perform-case-action.ts";
export * from "./sweep-deficiencies.ts";
export { forgetWorkCalendar } from "./work-calendar-cache.ts";
