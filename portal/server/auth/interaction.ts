import type { Request, Response } from "express";
import type { PortalServices } from "../../app/services.ts";
import type { Runtime } from "../runtime.ts";
import type { AuthContext } from "./auth-context.ts";

/** The sign-in pages of the built-in provider (OIDC interactions). */
export function createInteractionServices(_rt: Runtime, _auth: AuthContext, _req: Request, _res: Response): PortalServices["interaction"] {
  const notYet = async (): Promise<never> => {
    throw new Error("sign-in pages are being built");
  };
  return { details: notYet, passwordLogin: notYet, sendCode: notYet, codeLogin: notYet, chooseIdentity: notYet, abort: notYet };
}
