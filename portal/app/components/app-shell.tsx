import {
  BankOutlined,
  CheckOutlined,
  DownOutlined,
  LoginOutlined,
  LogoutOutlined,
  PhoneOutlined,
  UserOutlined,
} from "@ant-design/icons";
import {
  Button,
  ConfigProvider,
  Dropdown,
  Flex,
  Layout,
  Menu,
  type MenuProps,
  Space,
  Typography,
} from "antd";
import { type ReactNode, useRef } from "react";
import { Link, useLocation } from "react-router";
import { type MessageKey, type TFunction, useT } from "../i18n/index.ts";
import type { SessionUser } from "../services.ts";
import { LangSwitch } from "./lang-switch.tsx";

const NAV: {
  key: string;
  to: string;
  label: MessageKey;
  plain?: boolean;
  staffOnly?: boolean;
  adminOnly?: boolean;
}[] = [
  { key: "/", to: "/", label: "nav.home" },
  { key: "/chains", to: "/chains", label: "nav.chains" },
  { key: "/space", to: "/space", label: "nav.space" },
  // The workbench serves staff only; others would just meet its 403 page.
  { key: "/workbench", to: "/workbench", label: "nav.workbench", staffOnly: true },
  { key: "/supervision", to: "/supervision", label: "nav.supervision" },
  { key: "/admin", to: "/admin/webhooks", label: "nav.admin", adminOnly: true },
];

/** Staff act as themselves with at least one post (acting for an enterprise is not staff work). */
function isStaff(user: SessionUser | null): boolean {
  return !!user && user.actingFor.type === "person" && user.staffPosts.length > 0;
}

/** Platform admins and department admins (of the post they act in: the first). */
function isAdminUser(user: SessionUser | null): boolean {
  const roles = isStaff(user) ? user!.staffPosts[0]!.roles : [];
  return roles.includes("admin") || roles.includes("dept_admin");
}

function selectedKey(pathname: string): string {
  const section = NAV.find((n) => n.key !== "/" && !n.plain && pathname.startsWith(n.key));
  return section ? section.key : "/";
}

const MEMBER_ROLES = ["legal_rep", "admin", "agent"] as const;

function roleLabel(t: TFunction, role: string): string {
  return (MEMBER_ROLES as readonly string[]).includes(role)
    ? t(`account.role.${role as (typeof MEMBER_ROLES)[number]}`)
    : role;
}

/**
 * Signed out: a sign-in link back to this page. Signed in: who is acting for whom, with the other
 * identities to switch to and sign-out. /auth/* are server routes, so these are plain links and a plain
 * form (full page loads), never client-side navigations.
 */
function AccountMenu({ user }: { user: SessionUser | null }) {
  const t = useT();
  const { pathname, search } = useLocation();
  const logoutForm = useRef<HTMLFormElement>(null);
  if (!user) {
    return (
      <Button
        href={`/auth/login?returnTo=${encodeURIComponent(`${pathname}${search}`)}`}
        size="small"
        ghost
        icon={<LoginOutlined />}
      >
        {t("account.signIn")}
      </Button>
    );
  }
  const acting =
    user.actingFor.type === "person"
      ? t("account.self")
      : t("account.acting", { name: user.actingFor.name, role: roleLabel(t, user.actingFor.role) });
  const current = user.actingFor.type === "person" ? "self" : user.actingFor.enterpriseId;
  const identities = [
    { to: "self", label: `${t("account.self")}（${user.name}）` },
    ...user.enterprises.map((e) => ({
      to: e.enterpriseId,
      label: t("account.acting", { name: e.name, role: roleLabel(t, e.role) }),
    })),
  ];
  const items: MenuProps["items"] = [
    {
      type: "group",
      key: "switch",
      label: t("account.switch"),
      children: identities.map((i) =>
        i.to === current
          ? {
              key: `to:${i.to}`,
              label: i.label,
              icon: <CheckOutlined />,
              disabled: true,
              title: t("account.current"),
            }
          : {
              key: `to:${i.to}`,
              label: <a href={`/auth/switch?to=${encodeURIComponent(i.to)}`}>{i.label}</a>,
            },
      ),
    },
    { type: "divider" },
    { key: "logout", label: t("account.signOut"), icon: <LogoutOutlined /> },
  ];
  const onClick: MenuProps["onClick"] = ({ key }) => {
    if (key === "logout") logoutForm.current?.requestSubmit();
  };
  return (
    <>
      <form ref={logoutForm} method="post" action="/auth/logout" hidden />
      <Dropdown menu={{ items, onClick }} trigger={["click"]} placement="bottomRight">
        <Button
          size="small"
          ghost
          icon={<UserOutlined />}
          aria-label={`${t("account.menu")}：${user.name} · ${acting}`}
          style={{ maxWidth: "min(70vw, 420px)" }}
        >
          <span
            className="tb-account-name"
            style={{ minWidth: 0, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}
          >
            {user.name} · {acting}
          </span>
          <DownOutlined />
        </Button>
      </Dropdown>
    </>
  );
}

/** Header with the site name, account, navigation and language switch; footer with the sponsor and hotline. */
export function AppShell({ children, user = null }: { children: ReactNode; user?: SessionUser | null }) {
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
          <Space size={8} wrap>
            <LangSwitch />
            <AccountMenu user={user} />
          </Space>
        </Flex>
      </Layout.Header>
      <nav className="tb-nav" aria-label={t("nav.label")}>
        <div className="tb-container">
          {/*
            The selected section changes with the page, not by a click in the menu: without motion the new
            page shows its own section at once instead of the previous page's fading out (after submitting an
            application the receipt went on showing 首页, the apply page's section, for a moment).
          */}
          <ConfigProvider theme={{ token: { motion: false } }}>
            <Menu
              mode="horizontal"
              selectedKeys={[selectedKey(pathname)]}
              items={NAV.filter(
                (n) => (!n.staffOnly || isStaff(user)) && (!n.adminOnly || isAdminUser(user)),
              ).map((n) => ({
                key: n.key,
                label: n.plain ? <a href={n.to}>{t(n.label)}</a> : <Link to={n.to}>{t(n.label)}</Link>,
              }))}
            />
          </ConfigProvider>
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
