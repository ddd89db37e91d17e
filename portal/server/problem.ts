import type { Response } from "express";
import { ERROR_CODES, isDomainError } from "../../platform/index.ts";

/** Writes an RFC 9457 problem+json for a DomainError (or a generic 500), never leaking internals. */
export function sendProblem(res: Response, err: unknown, instance?: string): void {
  if (isDomainError(err)) {
    const meta = ERROR_CODES[err.code];
    res
      .status(meta.status)
      .type("application/problem+json")
      .json({
        type: `https://tongban.dev/problems/${err.code.toLowerCase().replaceAll("_", "-")}`,
        title: meta.title,
        status: meta.status,
        detail: err.message,
        code: err.code,
        ...(instance ? { instance } : {}),
        ...(err.details.length ? { errors: err.details } : {}),
      });
    return;
  }
  res.status(500).type("application/problem+json").json({
    type: "about:blank",
    title: "服务器内部错误",
    status: 500,
  });
}
