// The legal clock (法定时限): working-day deadlines, pauses, extensions and warning levels.
export * from "./case-clock.ts";
