import type { Response } from "express";
import { ERROR_CODES, isDomainError } from "../../platform/index.ts";

/** The RFC 9457 problem for a DomainError (or a generic 500), never leaking internals. */
export function problemOf(
  err: unknown,
  instance?: string,
): { status: number; body: Record<string, unknown> } {
  if (isDomainError(err)) {
    const meta = ERROR_CODES[err.code];
    return {
      status: meta.status,
      body: {
        type: `https://tongban.dev/problems/${err.code.toLowerCase().replaceAll("_", "-")}`,
        title: meta.title,
        status: meta.status,
        detail: err.message,
        code: err.code,
        ...(instance ? { instance } : {}),
        ...(err.details.length ? { errors: err.details } : {}),
      },
    };
  }
  return { status: 500, body: { type: "about:blank", title: "服务器内部错误", status: 500 } };
}

/** Writes an RFC 9457 problem+json for a DomainError (or a generic 500), never leaking internals. */
export function sendProblem(res: Response, err: unknown, instance?: string): void {
  const p = problemOf(err, instance);
  res.status(p.status).type("application/problem+json").json(p.body);
}
