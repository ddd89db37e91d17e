import type { ApplicantScope } from "../cases/applicant-scope.ts";
import type { Subject } from "../enterprises/assert-may-act.ts";

/** The subject (library owner, result holder) whose space an applicant scope is. */
export function subjectOfScope(scope: ApplicantScope): Subject {
  return scope.type === "person"
    ? { type: "person", personId: scope.personId }
    : { type: "enterprise", enterpriseId: scope.enterpriseId };
}

/** Short-lived download links of the space (the same lifetime as the workbench's). */
export const SPACE_LINK_TTL_SECONDS = 300;

/** The day `days` after a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
