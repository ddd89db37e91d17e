import { DomainError } from "../../platform/index.ts";
import { PersonCredential } from "../identity.entity.ts";
import type { AccountDeps, SignInResult } from "./account-deps.ts";
import { verifyPassword } from "./password-hash.ts";
import { parseLogin, resolveLogin } from "./resolve-login.ts";
import { guardedSignIn } from "./sign-in-guard.ts";

/** Longer input cannot be a password (the policy stops at 64) and is not worth hashing. */
const MAX_PASSWORD_INPUT = 1024;

/**
 * Signs a person in with their ID number or mobile number and password. An unknown account, an account
 * without a password and a wrong password all give the same UNAUTHENTICATED "账号或密码错误", in about
 * the same time.
 */
export async function signInWithPassword(
  deps: AccountDeps,
  input: { login: string; password: string; ip: string },
): Promise<SignInResult> {
  const login = parseLogin(input.login);
  const password = typeof input.password === "string" ? input.password : "";
  if (!password) {
    throw new DomainError("VALIDATION", "请输入密码", [{ path: "password", message: "请输入密码" }]);
  }
  if (password.length > MAX_PASSWORD_INPUT) {
    throw new DomainError("VALIDATION", "密码过长", [{ path: "password", message: "密码过长" }]);
  }
  const account = await resolveLogin(deps, login, "login");
  return guardedSignIn(
    deps,
    account,
    { ip: input.ip, method: "password", failureMessage: "账号或密码错误" },
    async () => {
      const credential = account.person
        ? await deps.orm.em.fork().findOne(PersonCredential, { personId: account.person.id })
        : null;
      if (await verifyPassword(credential?.passwordHash ?? null, password)) return null;
      if (!account.person) return "unknown_account";
      return credential ? "wrong_password" : "no_password";
    },
  );
}
