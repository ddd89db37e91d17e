import { getItemGuide, listCatalog, PUBLIC } from "../../registry/index.ts";
import type { PortalServices } from "../app/services.ts";
import type { Runtime } from "./runtime.ts";

/**
 * Binds the use cases the pages may call to a fresh unit of work per request. Routes get this as their
 * load context and never see the EntityManager.
 */
export function createPortalServices(rt: Runtime): PortalServices {
  const ctx = () => ({
    em: rt.orm.em.fork(),
    actor: PUBLIC,
    now: new Date(),
    pii: rt.pii,
    storage: rt.storage,
  });
  return {
    catalog: {
      listCatalog: (input) => listCatalog(ctx(), input),
      getItemGuide: (code) => getItemGuide(ctx(), code),
    },
  };
}
