import type { Request, Response } from "express";
import type { PortalServices } from "../../app/services.ts";
import type { Runtime } from "../runtime.ts";
import type { AuthContext } from "./auth-context.ts";

/** The portal's signed-in session (openid-client relying party). */
export function createSessionServices(_rt: Runtime, _auth: AuthContext, _req: Request, _res: Response): PortalServices["session"] {
  return { currentUser: async () => null };
}
