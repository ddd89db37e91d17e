// Public API of chain/ (see DESIGN.md): the case flow engine and the legal clock, both pure, and their runtime.
export * from "./engine/index.ts";
export * from "./flow/index.ts";
export * from "./runtime/index.ts";
export * from "./time/index.ts";
export * from "./workbench/index.ts";
