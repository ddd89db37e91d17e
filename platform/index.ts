// Public API of the platform layer. Imports nothing of ours.
export * from "./clock/clock.ts";
export * from "./config/env.ts";
export * from "./errors/domain-error.ts";
export * from "./errors/validate.ts";
export * from "./logger/logger.ts";
