import type { Config } from "@react-router/dev/config";

export default {
  appDirectory: "portal/app",
  buildDirectory: "build",
  ssr: true,
} satisfies Config;
