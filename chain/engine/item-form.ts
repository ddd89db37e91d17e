/**
 * One item's form data from a chain's combined form (一表申请): each of the item's fields takes the chain field
 * it maps to (its own name unless the definition maps it), a field the chain derives itself (the established
 * enterprise's USCC) takes the derived value. Fields left empty on the combined form stay absent.
 */
export function itemFormData(
  item: { code: string; fields: readonly string[] },
  fieldMaps: Record<string, Record<string, string>>,
  chainForm: Record<string, unknown>,
  derived: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of item.fields) {
    const name = fieldMaps[item.code]?.[f] ?? f;
    const v = name in derived ? derived[name] : chainForm[name];
    if (v !== undefined) out[f] = v;
  }
  return out;
}
