import { index, type RouteConfig, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("items/:code", "routes/item-guide.tsx"),
  route("items/:code/apply", "routes/item-apply.tsx"),
  route("chains", "routes/chains.tsx"),
  route("chains/:code", "routes/chain-guide.tsx"),
  route("chains/:code/apply", "routes/chain-apply.tsx"),
  route("lang", "routes/lang.ts"),
  route("auth/interaction/:uid", "routes/auth-interaction.tsx"),
  route("dev/mailbox", "routes/dev-mailbox.tsx"),
  route("space", "routes/space-layout.tsx", [
    index("routes/space.tsx"),
    route("cases", "routes/space-cases.tsx"),
    route("cases/:id", "routes/space-case.tsx"),
    route("chains", "routes/space-chains.tsx"),
    route("chains/:id", "routes/space-chain.tsx"),
    route("chains/:id/amend", "routes/space-chain-amend.tsx"),
    route("materials", "routes/space-materials.tsx"),
    route("results", "routes/space-results.tsx"),
    route("results/:id", "routes/space-result.tsx"),
    route("messages", "routes/space-messages.tsx"),
    route("members", "routes/space-members.tsx"),
  ]),
  route("space/cases/:id/receipt", "routes/space-case-receipt.tsx"),
  route("workbench", "routes/workbench.tsx", [
    index("routes/workbench-queue.tsx"),
    route("cases/:id", "routes/workbench-case.tsx"),
    route("verifications", "routes/workbench-verifications.tsx"),
  ]),
  route("admin/webhooks", "routes/admin-webhooks.tsx"),
  route("admin/calendar", "routes/admin-calendar.tsx"),
] satisfies RouteConfig;
