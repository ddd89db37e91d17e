import { index, type RouteConfig, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("items/:code", "routes/item-guide.tsx"),
  route("items/:code/apply", "routes/item-apply.tsx"),
  route("lang", "routes/lang.ts"),
  route("auth/interaction/:uid", "routes/auth-interaction.tsx"),
  route("dev/mailbox", "routes/dev-mailbox.tsx"),
  route("space", "routes/space.tsx"),
  route("space/cases/:id", "routes/space-case.tsx"),
  route("space/cases/:id/receipt", "routes/space-case-receipt.tsx"),
  route("workbench", "routes/workbench.tsx", [
    index("routes/workbench-queue.tsx"),
    route("cases/:id", "routes/workbench-case.tsx"),
  ]),
] satisfies RouteConfig;
