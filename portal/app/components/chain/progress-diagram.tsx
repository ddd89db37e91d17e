import { Alert, Card, Descriptions, Flex, Tag, Typography } from "antd";
import { Link } from "react-router";
import type { ChainProgressItem, ChainProgressPage } from "../../../../chain/index.ts";
import { useT } from "../../i18n/index.ts";
import { CHAIN_STATUS_COLOR, chainStatusLabel, outcomeLabel, outcomeTone } from "./chain-labels.ts";
import { StageColumns } from "./stage-columns.tsx";

type Progress = ChainProgressPage["progress"];

const LEVEL_COLOR = { none: "green", yellow: "gold", red: "red" } as const;

/** Remaining working days as a tag: green, yellow when due soon, red when overdue. */
function DaysLeft({ days, level }: { days: number; level: "none" | "yellow" | "red" }) {
  const t = useT();
  return (
    <Tag color={LEVEL_COLOR[level]} style={{ marginInlineEnd: 0 }}>
      {days < 0 ? t("chain.clock.overdue", { days: -days }) : t("chain.clock.left", { days })}
    </Tag>
  );
}

/** One item: department, case number (a link when the viewer may open it), status colour, time left, due date. */
function ItemCard(props: { item: ChainProgressItem; href: string | null }) {
  const t = useT();
  const { item } = props;
  const tone = outcomeTone(item.outcome);
  return (
    <Card
      size="small"
      styles={{ body: { padding: 10 } }}
      style={{ borderInlineStart: `4px solid ${tone.border}` }}
      data-outcome={item.outcome}
      aria-label={`${item.name}：${outcomeLabel(t, item.outcome)}`}
    >
      <Flex vertical gap={4}>
        <Flex justify="space-between" gap={6} align="start" wrap>
          <Typography.Text strong style={{ minWidth: 0 }}>
            {item.name}
          </Typography.Text>
          <Tag color={tone.tag} style={{ marginInlineEnd: 0 }}>
            {outcomeLabel(t, item.outcome)}
          </Tag>
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {item.departmentName}
        </Typography.Text>
        {item.caseNo ? (
          <Typography.Text style={{ fontSize: 12 }}>
            {t("chain.item.caseNo")}
            {props.href ? <Link to={props.href}>{item.caseNo}</Link> : item.caseNo}
            {item.attempt > 1 ? ` ${t("chain.item.attempt", { n: item.attempt })}` : ""}
          </Typography.Text>
        ) : null}
        <Flex gap={6} align="center" wrap style={{ fontSize: 12 }}>
          {item.outcome === "open" && item.remainingWorkingDays !== null ? (
            <DaysLeft days={item.remainingWorkingDays} level={item.level} />
          ) : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("chain.item.dueOn", { date: item.dueOn })}
          </Typography.Text>
        </Flex>
        {item.reason ? (
          <Typography.Text type="danger" style={{ fontSize: 12 }}>
            {item.reason}
          </Typography.Text>
        ) : null}
      </Flex>
    </Card>
  );
}

/** The chain's clock: its promise, deadline and what is left of it (yellow when due soon, red when overdue). */
export function ChainClock({ p }: { p: Progress }) {
  const t = useT();
  const c = p.clock;
  const live = p.status === "running" || p.status === "blocked";
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 2, lg: 4 }}
      items={[
        {
          key: "s",
          label: t("chain.progress.status"),
          children: <Tag color={CHAIN_STATUS_COLOR[p.status]}>{chainStatusLabel(t, p.status)}</Tag>,
        },
        { key: "p", label: t("chain.clock.promise"), children: t("chain.promise", { days: c.promiseDays }) },
        { key: "d", label: t("chain.clock.deadline"), children: c.deadline },
        {
          key: "r",
          label: t("chain.clock.remaining"),
          children: live ? (
            <Flex gap={6} align="center" wrap>
              <DaysLeft days={c.remainingWorkingDays} level={c.level} />
              {c.paused ? <Tag>{t("chain.clock.paused")}</Tag> : null}
            </Flex>
          ) : (
            t("chain.clock.used", { days: c.usedWorkingDays })
          ),
        },
      ]}
    />
  );
}

/**
 * The progress diagram of a chain instance (the applicant's space and the workbench): the clock, the blocked
 * reason, and the stages as columns with each item's card. `caseHref` makes the openable cases links.
 */
export function ProgressDiagram(props: {
  progress: Progress;
  openable: string[];
  caseHref: (caseId: string) => string;
}) {
  const t = useT();
  const p = props.progress;
  const href = (id: string | null) => (id && props.openable.includes(id) ? props.caseHref(id) : null);
  return (
    <Flex vertical gap={12}>
      <ChainClock p={p} />
      {p.blockedReason ? (
        <Alert type="warning" showIcon title={t("chain.progress.blocked")} description={p.blockedReason} />
      ) : null}
      <StageColumns
        label={t("chain.progress.diagram")}
        stages={p.stages.map((s) => ({
          key: s.key,
          title: s.name,
          note: (
            <span>
              {t(`chain.stageStatus.${s.status}`)} ·{" "}
              {t("chain.stage.share", { days: s.shareDays, date: s.dueOn })}
            </span>
          ),
          items: s.items.map((i) => <ItemCard key={i.code} item={i} href={href(i.caseId)} />),
        }))}
      />
    </Flex>
  );
}
