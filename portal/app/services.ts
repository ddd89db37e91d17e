import type { CatalogView, ItemGuideView } from "../../registry/index.ts";

/**
 * What loaders and actions may call. The server builds it from the use cases and passes it as the
 * load context, so route modules import types only and never touch the EntityManager.
 */
export interface PortalServices {
  catalog: {
    listCatalog(input: { q?: string; department?: string }): Promise<CatalogView>;
    /** Throws DomainError NOT_FOUND for an unknown code. */
    getItemGuide(code: string): Promise<ItemGuideView>;
  };
}

declare module "react-router" {
  interface AppLoadContext {
    services: PortalServices;
  }
}
