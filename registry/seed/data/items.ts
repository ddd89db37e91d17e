import { acceptanceItems } from "./items-acceptance.ts";
import { constructionItems } from "./items-construction.ts";
import { licenseItems } from "./items-license.ts";
import { marketItems } from "./items-market.ts";
import { propertyItems } from "./items-property.ts";
import { socialItems } from "./items-social.ts";
import type { SeedServiceItem } from "./types.ts";

/** Every service item (实施清单) of the demo city. */
export const serviceItems: SeedServiceItem[] = [
  ...marketItems,
  ...licenseItems,
  ...constructionItems,
  ...acceptanceItems,
  ...propertyItems,
  ...socialItems,
];
