import { makeUscc } from "../../enterprises/uscc.ts";
import { CITY_CODE } from "./regions.ts";

/**
 * Helpers that build plausible identifiers for the seed data.
 *
 * The 9-character organisation code inside a USCC is the old 组织机构代码 (GB 11714-1997): 8 body
 * characters and a check character (weights 3 7 9 10 5 8 4 2, mod 11; 10 → X, 11 → 0). Letters count
 * as 10..35. The body must avoid I, O, S, V and Z so that the whole USCC stays in the GB 32100 alphabet.
 */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

function orgCharValue(ch: string): number {
  if (/^[0-9]$/.test(ch)) return Number(ch);
  if (/^[A-Z]$/.test(ch)) return ch.charCodeAt(0) - 55;
  throw new Error(`invalid organisation code character ${ch}`);
}

/** The GB 11714 check character of an 8-character organisation code body. */
export function orgCheckChar(body8: string): string {
  if (!/^[0-9A-HJ-NPQRTUWXY]{8}$/.test(body8)) throw new Error(`bad organisation code body ${body8}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgCharValue(body8[i]) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? "X" : c === 11 ? "0" : String(c);
}

/**
 * A USCC in the demo city: registration authority + organisation type ("11" 机关, "91" 企业,
 * "92" 个体工商户), the city's region code, the organisation code, and the GB 32100 check character.
 */
export function cityUscc(kind: "11" | "91" | "92", body8: string): string {
  return makeUscc(`${kind}${CITY_CODE}${body8}${orgCheckChar(body8)}`);
}
