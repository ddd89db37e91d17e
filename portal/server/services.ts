import type { Request, Response } from "express";
import { getItemGuide, listCatalog, PUBLIC } from "../../registry/index.ts";
import type { PortalServices } from "../app/services.ts";
import { createInteractionServices } from "./auth/interaction.ts";
import { createSessionServices } from "./auth/session.ts";
import type { AuthContext } from "./auth/auth-context.ts";
import type { Runtime } from "./runtime.ts";

/**
 * Binds the use cases the pages may call to this request: a fresh unit of work, the request's cookies
 * and client address. Routes get this as their load context and never see the EntityManager.
 */
export function createPortalServices(rt: Runtime, auth: AuthContext, req: Request, res: Response): PortalServices {
  const ctx = () => ({ em: rt.orm.em.fork(), actor: PUBLIC, now: new Date(), pii: rt.pii, storage: rt.storage });
  return {
    catalog: {
      listCatalog: (input) => listCatalog(ctx(), input),
      getItemGuide: (code) => getItemGuide(ctx(), code),
    },
    interaction: createInteractionServices(rt, auth, req, res),
    session: createSessionServices(rt, auth, req, res),
  };
}
