import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [reactRouter()],
  ssr: {
    // antd and its helpers publish CommonJS in `lib/` and untyped-as-ESM code in `es/` (no "type": "module"),
    // and antd/locale/* re-export CommonJS defaults. Bundling them for SSR lets Vite pick the ESM builds and
    // keeps one @ant-design/cssinjs instance shared by antd and entry.server (StyleProvider must match).
    noExternal: ["antd", /^@ant-design\//, /^rc-/, /^@rc-component\//],
  },
});
