import { randomBytes } from "node:crypto";
import { type Algorithm, hash, verify } from "@node-rs/argon2";

// `Algorithm` is an ambient const enum, which isolatedModules may not read; 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

/** OWASP's baseline for argon2id: 19 MiB, 2 passes, 1 lane. */
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 64;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | null = null;

/**
 * Checks a password against a stored hash. Without a hash (no such account, or an account without a
 * password) it verifies against a throwaway hash of the same cost, so both cases take about as long as a
 * wrong password and the answer time does not tell which accounts exist.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  dummyHash ??= hashPassword(randomBytes(32).toString("base64url"));
  const target = stored ?? (await dummyHash);
  try {
    const ok = await verify(target, password);
    return ok && stored !== null;
  } catch {
    // A malformed stored hash is a wrong password, not a crash of the sign-in page.
    return false;
  }
}

/** The generic part of the password policy; each problem is a message for the person. */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  const length = Array.from(password).length;
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
    problems.push(`密码长度应为 ${PASSWORD_MIN} 至 ${PASSWORD_MAX} 个字符`);
  }
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) problems.push("密码须同时包含英文字母和数字");
  return problems;
}
