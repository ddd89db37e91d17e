import { DomainError } from "../../platform/index.ts";
import type { AccountDeps, SignInResult } from "./account-deps.ts";
import { parsePhone, resolveLogin } from "./resolve-login.ts";
import { guardedSignIn } from "./sign-in-guard.ts";
import { checkCode } from "./sms-code-store.ts";

/**
 * Signs a person in with the code sent by `sendSignInCode`. A missing, expired, used or wrong code
 * gives UNAUTHENTICATED "验证码错误或已过期"; failures count towards the same lockout as passwords.
 */
export async function signInWithCode(
  deps: AccountDeps,
  input: { phone: string; code: string; ip: string },
): Promise<SignInResult> {
  const phone = parsePhone(input.phone, "phone");
  const code = typeof input.code === "string" ? input.code.trim() : "";
  if (!/^\d{6}$/.test(code)) {
    throw new DomainError("VALIDATION", "验证码应为 6 位数字", [
      { path: "code", message: "验证码应为 6 位数字" },
    ]);
  }
  const account = await resolveLogin(deps, { kind: "phone", value: phone }, "phone");
  return guardedSignIn(
    deps,
    account,
    { ip: input.ip, method: "sms", failureMessage: "验证码错误或已过期" },
    async () => {
      if (!account.person) return "unknown_account";
      const r = await checkCode(deps, account.loginHash, phone, code);
      if (!r.ok) return r.reason;
      // The code was sent for this person; if the phone changed hands since, it proves nothing.
      return r.personId === account.person.id ? null : "code_for_other_person";
    },
  );
}
