// Public API of the shared registries. Other folders import only from here.
export * from "./catalog/catalog.schema.ts";
export type * from "./catalog/views.ts";
export * from "./enterprises/uscc.ts";
export * from "./persons/id-number.ts";
export * from "./entities.ts";
export * from "./migrations/index.ts";
