/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from the 31-symbol alphabet below (no I O S V Z):
 * registration authority, organisation type, 6-digit region, 9-character organisation code, check character.
 */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]);
    if (v < 0) throw new Error(`invalid USCC character ${first17[i]}`);
    sum += v * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

export function normalizeUscc(raw: string): string {
  return raw.trim().toUpperCase();
}

/** Why a USCC is invalid, or null when it is valid. */
export function usccProblem(raw: string): string | null {
  const c = normalizeUscc(raw);
  if (c.length !== 18) return "统一社会信用代码应为 18 位";
  if (![...c].every((ch) => ALPHABET.includes(ch)))
    return "统一社会信用代码含有无效字符（不使用 I、O、S、V、Z）";
  if (!/^\d{6}$/.test(c.slice(2, 8))) return "统一社会信用代码的行政区划码无效";
  if (usccCheckChar(c.slice(0, 17)) !== c[17]) return "统一社会信用代码校验码错误";
  return null;
}

export function isValidUscc(raw: string): boolean {
  return usccProblem(raw) === null;
}

/** Builds a valid USCC from its first 17 characters; for seeds and tests. */
export function makeUscc(first17: string): string {
  return first17 + usccCheckChar(first17);
}
