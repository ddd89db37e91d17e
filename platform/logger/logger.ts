import { pino } from "pino";

/** The process logger. JSON lines; LOG_LEVEL sets the level. Personal data is never logged. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { app: "tongban" },
  redact: {
    paths: ["*.idNumber", "*.phone", "*.password", "req.headers.authorization", "req.headers.cookie"],
    censor: "[redacted]",
  },
});

export type Logger = typeof logger;
