import { normalizePhoneForIndex } from "./personal-data.ts";

/*
 * Masking for display. Each rule states the most it may reveal; short or odd input reveals less, never
 * more, and nothing here throws, because a page must render even when stored data is unexpected.
 */

const MASK = "*";

/** Keeps `head` leading and `tail` trailing characters and replaces the rest, one '*' per character. */
function keepEnds(chars: string[], head: number, tail: number): string {
  const hidden = chars.length - head - tail;
  if (hidden <= 0) return MASK.repeat(chars.length);
  return chars.slice(0, head).join("") + MASK.repeat(hidden) + chars.slice(chars.length - tail).join("");
}

/** Splits into code points so a rare character outside the BMP is masked as one character. */
function toChars(value: unknown): string[] {
  return typeof value === "string" ? Array.from(value.trim()) : [];
}

/** Masks an ID number: "320582199001011234" -> "3205**********1234" (first 4 and last 4 kept). */
export function maskIdNumber(value: string | null | undefined): string {
  const chars = toChars(value);
  // At most 4 + 4, and never more than half of a short value.
  const keep = Math.min(4, Math.floor(chars.length / 4));
  return keepEnds(chars, keep, keep);
}

/** Masks a phone number: "13912345678" -> "139****5678" (first 3 and last 4 kept). */
export function maskPhone(value: string | null | undefined): string {
  const chars = typeof value === "string" ? Array.from(normalizePhoneForIndex(value)) : [];
  if (chars.length >= 11) return keepEnds(chars, 3, 4);
  // Too short to be a full number: show only a short tail so the hidden part still outweighs the shown one.
  return keepEnds(chars, 0, Math.min(4, Math.floor(chars.length / 3)));
}

/** Masks a personal name the Chinese way: "张三丰" -> "张**", "张三" -> "张*"; a one-character name is fully hidden. */
export function maskName(value: string | null | undefined): string {
  const chars = toChars(value);
  if (chars.length <= 1) return MASK.repeat(chars.length);
  return keepEnds(chars, 1, 0);
}
