import { DomainError } from "../../platform/index.ts";

/** Why the flow engine refused an action. */
export type FlowErrorCode = "FORBIDDEN" | "INVALID_STATE" | "VALIDATION";

/** A refusal by the pure flow engine; a DomainError, so the HTTP layer maps it like any other. */
export class FlowError extends DomainError {
  declare readonly code: FlowErrorCode;

  constructor(code: FlowErrorCode, message: string) {
    super(code, message);
    this.name = "FlowError";
  }
}
