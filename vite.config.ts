import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

// antd, @ant-design/* and rc-* stay external on the server (the default): Node loads their CommonJS
// `lib/` builds, so antd and entry.server share one @ant-design/cssinjs instance (StyleProvider must
// match). Bundling them (ssr.noExternal) breaks: @ant-design/icons' "node" export wraps CommonJS that
// Vite's SSR runner cannot evaluate. The one interop wrinkle, antd/locale/*, is handled in antd-locale.ts.
export default defineConfig({
  plugins: [reactRouter()],
});
