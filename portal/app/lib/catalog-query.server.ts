import { z } from "zod";
import type { MessageKey } from "../i18n/index.ts";

const ZKeyword = z.string().trim().max(50);
const ZDepartmentCode = z.string().regex(/^[A-Z0-9]{2,10}$/);

/** The home page's query string after validation: what to ask the catalog for, and what to tell the user. */
export interface CatalogQuery {
  /** Passed to listCatalog: only valid, non-empty values. */
  filter: { q?: string; department?: string };
  /** Echoed back into the search form. */
  q: string;
  department: string;
  /** Message keys describing ignored, malformed parameters. */
  problems: MessageKey[];
}

export function parseCatalogQuery(url: URL): CatalogQuery {
  const rawQ = url.searchParams.get("q") ?? "";
  const rawDepartment = url.searchParams.get("department") ?? "";
  const problems: MessageKey[] = [];
  const filter: CatalogQuery["filter"] = {};

  const q = ZKeyword.safeParse(rawQ);
  if (!q.success) problems.push("home.invalid.q");
  else if (q.data) filter.q = q.data;

  if (rawDepartment) {
    const department = ZDepartmentCode.safeParse(rawDepartment);
    if (department.success) filter.department = department.data;
    else problems.push("home.invalid.department");
  }

  return {
    filter,
    q: q.success ? q.data : rawQ.slice(0, 50),
    department: filter.department ?? "",
    problems,
  };
}
