import { index, type RouteConfig, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("items/:code", "routes/item-guide.tsx"),
  route("lang", "routes/lang.ts"),
] satisfies RouteConfig;
