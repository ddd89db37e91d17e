import type { Constructor } from "@mikro-orm/core";
import type { Migration } from "@mikro-orm/migrations";
import { Migration20261122224753_initial } from "./Migration20261122224753_initial.ts";

/** Committed migrations, in order. A new one is created with `npm run db:migration:create` and listed here. */
export const registryMigrations: { name: string; class: Constructor<Migration> }[] = [
  { name: "Migration20261122224753_initial", class: Migration20261122224753_initial },
];
