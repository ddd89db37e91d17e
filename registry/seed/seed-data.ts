import type { TChainInput } from "../chains/chain.schema.ts";
import { centers } from "./data/centers.ts";
import { chains } from "./data/chains.ts";
import { departments } from "./data/departments.ts";
import { enterprises } from "./data/enterprises.ts";
import { serviceItems } from "./data/items.ts";
import { persons } from "./data/persons.ts";
import { regions } from "./data/regions.ts";
import { staff } from "./data/staff.ts";
import type {
  SeedDepartment,
  SeedEnterprise,
  SeedPerson,
  SeedRegion,
  SeedServiceCenter,
  SeedServiceItem,
  SeedStaff,
  SeedWindow,
} from "./data/types.ts";
import { windows } from "./data/windows.ts";

/** Everything the demo city consists of. */
export interface SeedData {
  regions: SeedRegion[];
  departments: SeedDepartment[];
  centers: SeedServiceCenter[];
  windows: SeedWindow[];
  persons: SeedPerson[];
  enterprises: SeedEnterprise[];
  staff: SeedStaff[];
  serviceItems: SeedServiceItem[];
  /** Business chains (一件事), published after the items they bundle. */
  chains: TChainInput[];
}

export const demoCity: SeedData = {
  regions,
  departments,
  centers,
  windows,
  persons,
  enterprises,
  staff,
  serviceItems,
  chains,
};
