import { z } from "zod";

/**
 * What a department system may be granted through the client-credentials grant on /api/v1;
 * `webhooks:manage` lets it register its own department's push subscriptions.
 */
export const API_SCOPES = [
  "cases:read",
  "cases:write",
  "results:read",
  "results:write",
  "webhooks:manage",
] as const;
/** One scope of {@link API_SCOPES}. */
export type ApiScope = (typeof API_SCOPES)[number];

/** Input of `createApiClient`: the department it acts for, a readable name and the scopes it may ask for. */
export const ZCreateApiClientInput = z.object({
  departmentCode: z.string().regex(/^[A-Z]{2,10}$/, "部门编码应为 2-10 位大写字母"),
  name: z.string().trim().min(2, "名称至少 2 个字").max(100, "名称至多 100 个字"),
  scopes: z
    .array(z.enum(API_SCOPES, { error: `权限范围只能是 ${API_SCOPES.join("、")}` }))
    .min(1, "至少选择一个权限范围")
    // Stored deduplicated and in the canonical order, so two equal grants look equal.
    .transform((s) => API_SCOPES.filter((x) => s.includes(x))),
});
/** Loosely typed on purpose: callers pass what a form or the command line gave; the schema checks it. */
export interface TCreateApiClientInput {
  departmentCode: string;
  name: string;
  scopes: string[];
}

/** A department client as lists show it; never carries the secret or its hash. */
export interface ApiClientView {
  clientId: string;
  name: string;
  departmentCode: string;
  scopes: string[];
  createdAt: Date;
  revokedAt: Date | null;
}

/** What the token endpoint needs to authenticate an active client. */
export interface ActiveApiClient {
  clientId: string;
  departmentCode: string;
  scopes: string[];
  secretHash: string;
}
