/**
 * 居民身份证号码 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence, 1 check character
 * computed with ISO 7064 MOD 11-2.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/** The check character for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error("need 17 digits");
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** Upper-cases a trailing x and trims; does not validate. */
export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase();
}

/** Why an ID number is invalid, or null when it is valid. */
export function idNumberProblem(raw: string): string | null {
  const id = normalizeIdNumber(raw);
  if (!/^\d{17}[\dX]$/.test(id)) return "身份证号码应为 18 位，前 17 位为数字，最后一位为数字或 X";
  if (!/^[1-9]\d{5}$/.test(id.slice(0, 6))) return "身份证号码的地址码无效";
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) {
    return "身份证号码的出生日期无效";
  }
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) return "身份证号码校验码错误";
  return null;
}

export function isValidIdNumber(raw: string): boolean {
  return idNumberProblem(raw) === null;
}

/** Builds a valid ID number from region, birth date (YYYYMMDD) and a 3-digit sequence; for seeds and tests. */
export function makeIdNumber(region: string, birth: string, seq: number): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, "0")}`;
  return first17 + idNumberCheckChar(first17);
}
