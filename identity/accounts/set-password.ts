import { DomainError, transact } from "../../platform/index.ts";
import {
  type Ctx,
  findPersonByIdNumber,
  findPersonsByPhone,
  getPerson,
  isValidIdNumber,
  recordAudit,
  ZMobile,
} from "../../registry/index.ts";
import { PersonCredential } from "../identity.entity.ts";
import { type AccountDeps, IDENTITY_ACTOR, nowOf, registryCtx } from "./account-deps.ts";
import { hashPassword, passwordProblems } from "./password-hash.ts";

function policyError(problems: string[]): DomainError {
  return new DomainError(
    "VALIDATION",
    problems[0],
    problems.map((message) => ({ path: "password", message })),
  );
}

/**
 * True when the password is the person's own ID number or phone. Compared through the blind indexes, so
 * nothing is decrypted. (A phone cannot pass the letter rule today; the check stays for when it changes.)
 */
async function isOwnNumber(ctx: Ctx, personId: string, password: string): Promise<boolean> {
  if (isValidIdNumber(password)) return (await findPersonByIdNumber(ctx, password))?.id === personId;
  if (ZMobile.safeParse(password).success) {
    return (await findPersonsByPhone(ctx, password)).some((p) => p.id === personId);
  }
  return false;
}

/**
 * Sets or replaces a person's password. Policy: 8–64 characters, at least one letter and one digit, and
 * not the person's own ID number or phone; a violation is VALIDATION on `password` and writes nothing.
 */
export async function setPassword(deps: AccountDeps, personId: string, password: string): Promise<void> {
  const ctx = registryCtx(deps);
  const person = await getPerson(ctx, personId);
  const problems = typeof password === "string" ? passwordProblems(password) : ["请输入密码"];
  if (!problems.length && (await isOwnNumber(ctx, person.id, password))) {
    problems.push("密码不能与本人的手机号码或身份证号码相同");
  }
  if (problems.length) throw policyError(problems);
  const passwordHash = await hashPassword(password);
  const now = nowOf(deps);
  await transact(deps.orm.em.fork(), async (em) => {
    await em.upsert(PersonCredential, { personId: person.id, passwordHash, updatedAt: now });
    recordAudit(em, IDENTITY_ACTOR, now, "auth.password.set", { type: "person", id: person.id });
    await em.flush();
  });
}

/**
 * Gives every listed person who has no password yet the same demo password; returns how many were set.
 * Idempotent. The password is hashed once and the hash reused, so seeding many persons stays fast.
 */
export async function seedDemoPasswords(
  deps: Pick<AccountDeps, "orm">,
  personIds: string[],
  password: string,
): Promise<number> {
  const problems = passwordProblems(password);
  if (problems.length) throw policyError(problems);
  const ids = [...new Set(personIds)];
  if (!ids.length) return 0;
  const passwordHash = await hashPassword(password);
  const updatedAt = new Date();
  // One statement; "on conflict do nothing" keeps existing passwords and makes concurrent seeders harmless.
  const result = await deps.orm.em
    .fork()
    .createQueryBuilder(PersonCredential)
    .insert(ids.map((personId) => ({ personId, passwordHash, updatedAt })))
    .onConflict("personId")
    .ignore()
    .execute("run");
  return result.affectedRows;
}
