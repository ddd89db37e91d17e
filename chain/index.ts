// Public API of chain/ (see DESIGN.md): the case flow engine and the legal clock, both pure.
export * from "./flow/index.ts";
export * from "./time/index.ts";
