// The clerk and department workbench: queues, the case page, actions and audited look-ups of prior results.
export {
  type CaseSummaryWithClock,
  caseClocks,
  listMyCasesWithClocks,
} from "./case-clocks.ts";
export * from "./get-workbench-case.ts";
export * from "./list-department-cases.ts";
export * from "./list-workbench-cases.ts";
export * from "./perform-workbench-action.ts";
export * from "./pull-prior-results.ts";
export * from "./workbench.schema.ts";
