import type { ApplicantCaseView } from "../../../../chain/index.ts";

/**
 * The applicant's case as a page receives it: without the form data as filed, which these pages do not show
 * and which may hold the clear ID number or phone the server filled in at submit (pages show them masked).
 */
export function pageCase(v: ApplicantCaseView): ApplicantCaseView {
  return { ...v, case: { ...v.case, formData: {} } };
}
