import { notFound } from "../../lib/errors.server.ts";

/** Mirrors ZChainCode in registry/chains; kept here so route code never loads registry at runtime. */
const CHAIN_CODE = /^[A-Z][A-Z0-9-]{2,39}$/;

/** The `:code` URL parameter of a chain, or a 404 when it cannot be a chain code. */
export function parseChainCode(value: string | undefined): string {
  if (!value || !CHAIN_CODE.test(value)) notFound("未找到该业务链");
  return value;
}
