import { notFound } from "./errors.server.ts";

/** Mirrors ZItemCode in registry/catalog; kept here so route code never loads registry at runtime. */
const ITEM_CODE = /^[A-Z0-9][A-Z0-9-]{3,39}$/;

/** The `:code` URL parameter, or a 404 when it cannot be an item code. */
export function parseItemCode(value: string | undefined): string {
  if (!value || !ITEM_CODE.test(value)) notFound("未找到该事项");
  return value;
}
