import { BankOutlined, PhoneOutlined } from "@ant-design/icons";
import { Flex, Layout, Menu, Space, Typography } from "antd";
import type { ReactNode } from "react";
import { Link, useLocation } from "react-router";
import { type MessageKey, useT } from "../i18n/index.ts";
import { LangSwitch } from "./lang-switch.tsx";

const NAV: { key: string; to: string; label: MessageKey; plain?: boolean }[] = [
  { key: "/", to: "/", label: "nav.home" },
  // Chains (一件事) have no page yet; the entry is kept so the menu matches the final layout.
  { key: "#chains", to: "#", label: "nav.chains", plain: true },
  { key: "/space", to: "/space", label: "nav.space" },
  { key: "/workbench", to: "/workbench", label: "nav.workbench" },
  { key: "/supervision", to: "/supervision", label: "nav.supervision" },
];

function selectedKey(pathname: string): string {
  const section = NAV.find((n) => n.key !== "/" && !n.plain && pathname.startsWith(n.key));
  return section ? section.key : "/";
}

/** Header with the site name, navigation and language switch; footer with the sponsor and hotline. */
export function AppShell({ children }: { children: ReactNode }) {
  const t = useT();
  const { pathname } = useLocation();
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header className="tb-header">
        <Flex className="tb-container" wrap justify="space-between" align="center" gap={8}>
          <Link to="/" className="tb-brand">
            <BankOutlined style={{ marginRight: 8 }} />
            {t("site.name")}
          </Link>
          <LangSwitch />
        </Flex>
      </Layout.Header>
      <nav className="tb-nav" aria-label={t("nav.label")}>
        <div className="tb-container">
          <Menu
            mode="horizontal"
            selectedKeys={[selectedKey(pathname)]}
            items={NAV.map((n) => ({
              key: n.key,
              label: n.plain ? <a href={n.to}>{t(n.label)}</a> : <Link to={n.to}>{t(n.label)}</Link>,
            }))}
          />
        </div>
      </nav>
      <Layout.Content>
        <main className="tb-container tb-main">{children}</main>
      </Layout.Content>
      <Layout.Footer className="tb-footer">
        <Space orientation="vertical" size={4}>
          <Typography.Text style={{ color: "inherit" }}>{t("footer.sponsor")}</Typography.Text>
          <Typography.Text style={{ color: "inherit" }}>{t("footer.operator")}</Typography.Text>
          <Typography.Text style={{ color: "inherit" }}>
            <PhoneOutlined style={{ marginRight: 6 }} />
            {t("footer.hotline")}
          </Typography.Text>
        </Space>
      </Layout.Footer>
    </Layout>
  );
}
