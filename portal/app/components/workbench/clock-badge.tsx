import { Tag } from "antd";
import { useT } from "../../i18n/index.ts";

/** The clock of a case as lists show it (chain/workbench CaseClockBadge). */
export interface ClockBadgeValue {
  remainingWorkingDays: number | null;
  level: "none" | "yellow" | "red";
  paused: boolean;
}

const COLOR = { none: "green", yellow: "gold", red: "red" } as const;

/**
 * Remaining working days before the promised deadline: green while normal, gold when due soon, red when
 * overdue, grey when the clock is paused (补正, 特别程序); a dash when the clock has not started.
 */
export function ClockBadge({ clock }: { clock: ClockBadgeValue }) {
  const t = useT();
  const days = clock.remainingWorkingDays;
  if (clock.paused) {
    return (
      <Tag color="default" title={days === null ? undefined : t("wb.clock.left", { days })}>
        {t("wb.clock.paused")}
      </Tag>
    );
  }
  if (days === null) return <span title={t("wb.clock.notStarted")}>—</span>;
  return (
    <Tag color={COLOR[clock.level]}>
      {days < 0 ? t("wb.clock.overdue", { days: -days }) : t("wb.clock.left", { days })}
    </Tag>
  );
}
