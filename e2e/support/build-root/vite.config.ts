// The app's own Vite config: the e2e build differs from `npm run build` only in its output directory.
export { default } from "../../../vite.config.ts";
