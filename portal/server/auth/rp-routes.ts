import { Router } from "express";
import type { Runtime } from "../runtime.ts";
import type { AuthContext } from "./auth-context.ts";

/** /auth/login, /auth/callback, /auth/logout, /auth/switch: the portal as an OIDC relying party. */
export function createRpRouter(_rt: Runtime, _auth: AuthContext): Router {
  return Router();
}
