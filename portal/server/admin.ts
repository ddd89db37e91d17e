import { forgetWorkCalendar } from "../../chain/index.ts";
import {
  type Ctx,
  createWebhookSubscription,
  getWorkCalendarOverview,
  importWorkCalendar,
  listWebhookAdmin,
  retryWebhookDelivery,
  type TCreateWebhookInput,
  type TUpdateWebhookInput,
  updateWebhookSubscription,
} from "../../registry/index.ts";
import type { PortalServices } from "../app/services.ts";

/** The administration pages' use cases for the signed-in actor (the use cases check who may). */
export function createAdminServices(signedIn: () => Promise<Ctx>): PortalServices["admin"] {
  return {
    webhooks: async () => listWebhookAdmin(await signedIn()),
    createWebhook: async (input) => createWebhookSubscription(await signedIn(), input as TCreateWebhookInput),
    updateWebhook: async ({ active, ...rest }) =>
      updateWebhookSubscription(await signedIn(), {
        ...rest,
        // The form posts "true" / "false"; anything else is left for the schema to refuse.
        active: active === "true" ? true : active === "false" ? false : active,
      } as TUpdateWebhookInput),
    retryWebhook: async (deliveryId) => retryWebhookDelivery(await signedIn(), { deliveryId }),
    calendar: async () => getWorkCalendarOverview(await signedIn()),
    importCalendar: async (csv) => {
      const out = await importWorkCalendar(await signedIn(), csv as string | Uint8Array);
      // This process counts with the new days at once; the others reload within the cache's TTL.
      forgetWorkCalendar();
      return out;
    },
  };
}
