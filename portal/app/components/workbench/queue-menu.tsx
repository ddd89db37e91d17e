import { Badge, Menu } from "antd";
import { Link } from "react-router";
import type { WorkbenchMenu, WorkbenchQueue } from "../../../../chain/index.ts";
import { type MessageKey, useT } from "../../i18n/index.ts";

/** Menu label of each queue. */
export const QUEUE_KEYS: Record<WorkbenchQueue, MessageKey> = {
  toReceive: "wb.queue.toReceive",
  toAccept: "wb.queue.toAccept",
  supplement: "wb.queue.supplement",
  dueSoon: "wb.queue.dueSoon",
  overdue: "wb.queue.overdue",
  myTasks: "wb.queue.myTasks",
  arbitration: "wb.queue.arbitration",
};

const BADGE_COLOR: Partial<Record<WorkbenchQueue, string>> = { dueSoon: "gold", overdue: "red" };

/**
 * The queues with their counts: a side menu on wide screens and a horizontal one on phones (CSS picks,
 * so server and browser render the same markup).
 */
export function QueueMenu({
  menu,
  selected,
}: {
  menu: WorkbenchMenu;
  selected: WorkbenchQueue | "verifications" | null;
}) {
  const t = useT();
  const items: { key: string; label: React.ReactNode }[] = menu.queues.map((q) => ({
    key: q,
    label: (
      <Link to={`/workbench?queue=${q}`} className="tb-wb-queue">
        <span>{t(QUEUE_KEYS[q])}</span>
        <Badge
          count={menu.counts[q] ?? 0}
          showZero
          overflowCount={999}
          color={BADGE_COLOR[q] ?? "#1554ad"}
          style={{ marginInlineStart: 8 }}
        />
      </Link>
    ),
  }));
  items.push({
    key: "verifications",
    label: (
      <Link to="/workbench/verifications" className="tb-wb-queue">
        <span>{t("wb.verify.menu")}</span>
      </Link>
    ),
  });
  const keys = selected ? [selected] : [];
  return (
    <nav aria-label={t("wb.menu.label")}>
      <Menu className="tb-wb-side" mode="inline" selectedKeys={keys} items={items} />
      <Menu className="tb-wb-top" mode="horizontal" selectedKeys={keys} items={items} />
    </nav>
  );
}
