import type { ThemeConfig } from "antd";

/** Government blue (政务蓝), used for the primary colour and the header. */
export const GOV_BLUE = "#1554ad";

export const theme: ThemeConfig = {
  token: {
    colorPrimary: GOV_BLUE,
    colorLink: GOV_BLUE,
    borderRadius: 4,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  },
  components: {
    Layout: { bodyBg: "#f3f6fa", headerBg: "#0b3d91", footerBg: "#0b2a5b" },
  },
};
