import type { EntityManager, ObjectStorage, PiiCipher } from "../platform/index.ts";

/** Who is calling a use case. The identity issue fills person actors from tokens; seeds and jobs are system actors. */
export type Actor =
  | { type: "system"; name: string }
  /** Someone not signed in: may read public information only. */
  | { type: "public"; name: string }
  | {
      type: "person";
      personId: string;
      name: string;
      /** Set when the person acts for an enterprise. */
      actingFor?: { enterpriseId: string; role: "legal_rep" | "admin" | "agent" };
      /** Set when the person acts as staff of a department. */
      staff?: { departmentId: string; roles: string[] };
    }
  /** A department system calling /api/v1 with a client-credentials token: acts as its department. */
  | { type: "client"; clientId: string; name: string; departmentId: string };

/** Everything a use case needs: the unit of work, the caller, the time and the personal-data cipher. */
export interface Ctx {
  em: EntityManager;
  actor: Actor;
  now: Date;
  pii: PiiCipher;
  storage?: ObjectStorage;
}

export const SYSTEM: Actor = { type: "system", name: "系统" };
export const PUBLIC: Actor = { type: "public", name: "公众" };

export function actorId(actor: Actor): string | null {
  if (actor.type === "client") return actor.clientId;
  return actor.type === "person" ? actor.personId : null;
}

/** True for the platform itself or a platform administrator. */
export function isAdmin(actor: Actor): boolean {
  return actor.type === "system" || (actor.type === "person" && !!actor.staff?.roles.includes("admin"));
}
