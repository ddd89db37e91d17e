// Working-day arithmetic for statutory time limits (法定时限). The bundled CSV lives in ./data.
export * from "./work-calendar.ts";
