import { Segmented } from "antd";
import { Link } from "react-router";
import { type MessageKey, useT } from "../../i18n/index.ts";

const PAGES: { to: string; label: MessageKey }[] = [
  { to: "/admin/webhooks", label: "admin.tabs.webhooks" },
  { to: "/admin/calendar", label: "admin.tabs.calendar" },
];

/** The administration pages, as links (each is a page of its own, and works before hydration). */
export function AdminTabs({ current }: { current: string }) {
  const t = useT();
  return (
    <nav aria-label={t("nav.admin")}>
      <Segmented
        value={current}
        options={PAGES.map((p) => ({ value: p.to, label: <Link to={p.to}>{t(p.label)}</Link> }))}
      />
    </nav>
  );
}
