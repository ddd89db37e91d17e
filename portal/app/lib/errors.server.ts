import { data } from "react-router";
import type { DomainError, FieldIssue } from "../../../platform/index.ts";

/** What an error response carries to the ErrorBoundary: a stable code and a message safe to show. */
export interface ErrorPayload {
  code: string;
  message: string;
  details: FieldIssue[];
}

/** Names of DomainError and its subclasses (chain/flow FlowError: the flow engine's refusals). */
const DOMAIN_ERROR_NAMES = new Set(["DomainError", "FlowError"]);

/**
 * Recognises a DomainError by shape rather than `instanceof`: the use cases may come from another copy of
 * the platform module (the server build bundles routes apart from portal/server), so class identity differs.
 */
export function isDomainErrorLike(err: unknown): err is Pick<DomainError, "code" | "message" | "details"> & {
  status?: number;
} {
  return (
    typeof err === "object" &&
    err !== null &&
    DOMAIN_ERROR_NAMES.has((err as { name?: unknown }).name as string) &&
    typeof (err as { code?: unknown }).code === "string"
  );
}

/** The HTTP status of a DomainError-like error (its own, or 404 / 500 when it carries none). */
export function statusOf(err: { code: string; status?: number }): number {
  if (typeof err.status === "number" && err.status >= 400 && err.status <= 599) return err.status;
  return err.code === "NOT_FOUND" ? 404 : 500;
}

/** The one DomainError → HTTP mapping of the portal: returns a `data()` response for the ErrorBoundary. */
export function domainErrorResponse(
  err: Pick<DomainError, "code" | "message"> & { status?: number; details?: FieldIssue[] },
) {
  const payload: ErrorPayload = { code: err.code, message: err.message, details: err.details ?? [] };
  return data(payload, { status: statusOf(err) });
}

/**
 * Run a use case; a DomainError becomes a thrown response (rendered by the nearest ErrorBoundary with its
 * status), anything else propagates as a 500. Routes call this instead of catching by hand.
 */
export async function callUseCase<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isDomainErrorLike(err)) throw domainErrorResponse(err);
    throw err;
  }
}

/** A 404 for input that cannot name anything (e.g. a malformed code in the URL). */
export function notFound(message = "未找到"): never {
  throw domainErrorResponse({ code: "NOT_FOUND", message, status: 404 });
}
