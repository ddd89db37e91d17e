import { DomainError } from "../../platform/index.ts";
import {
  findPersonByIdNumber,
  findPersonsByPhone,
  idNumberProblem,
  normalizeIdNumber,
  type PersonView,
  ZMobile,
} from "../../registry/index.ts";
import { type AccountDeps, registryCtx } from "./account-deps.ts";

/** What a person typed to sign in: an ID number or a mobile number, normalised. */
export type Login = { kind: "id"; value: string } | { kind: "phone"; value: string };

/** The account a login names, if any, and the keys to count and audit attempts by. */
export interface ResolvedLogin {
  login: Login;
  /** Blind index of the login; also the key of sign-in codes for a phone. */
  loginHash: string;
  person: PersonView | null;
  /** Counts failures per person, so the ID number and the phone share one counter. */
  accountKey: string;
  subject: { type: "person" | "login"; id: string };
}

function invalid(path: string, message: string): DomainError {
  return new DomainError("VALIDATION", message, [{ path, message }]);
}

/** Parses a mobile number (spaces, dashes and +86 allowed) or throws VALIDATION on `path`. */
export function parsePhone(raw: unknown, path: string): string {
  const r = ZMobile.safeParse(typeof raw === "string" ? raw.trim() : "");
  if (!r.success) throw invalid(path, "请输入 11 位中国大陆手机号码");
  return r.data;
}

/** Parses a login: an 18-character ID number (check digit verified) or an 11-digit mobile number. */
export function parseLogin(raw: unknown): Login {
  const s = typeof raw === "string" ? raw.trim() : "";
  if (/^\d{17}[\dXx]$/.test(s)) {
    const problem = idNumberProblem(s);
    if (problem) throw invalid("login", problem);
    return { kind: "id", value: normalizeIdNumber(s) };
  }
  const phone = ZMobile.safeParse(s);
  if (phone.success) return { kind: "phone", value: phone.data };
  throw invalid("login", "请输入 18 位身份证号码或 11 位手机号码");
}

/**
 * Finds the person a login names. A phone shared by several persons (family members) cannot say who is
 * signing in, so it is refused with a hint to use the ID number instead.
 */
export async function resolveLogin(deps: AccountDeps, login: Login, path: string): Promise<ResolvedLogin> {
  const ctx = registryCtx(deps);
  let person: PersonView | null;
  if (login.kind === "id") {
    person = await findPersonByIdNumber(ctx, login.value);
  } else {
    const persons = await findPersonsByPhone(ctx, login.value);
    if (persons.length > 1) throw invalid(path, "该手机号关联多个账号，请使用身份证号码登录");
    person = persons[0] ?? null;
  }
  const loginHash = deps.pii.blindIndex(login.value, login.kind);
  return {
    login,
    loginHash,
    person,
    accountKey: person ? person.id : loginHash,
    subject: person ? { type: "person", id: person.id } : { type: "login", id: loginHash },
  };
}
