import { ArrowDownOutlined, ArrowRightOutlined } from "@ant-design/icons";
import { Flex, Grid, Tag, Typography } from "antd";
import { Fragment, type ReactNode } from "react";
import { useT } from "../../i18n/index.ts";

/** A stage as a column: its title, a note under it, and its items stacked (they run in parallel). */
export interface StageColumn {
  key: string;
  title: string;
  note?: ReactNode;
  items: ReactNode[];
}

/**
 * Stages as columns in order with an arrow between them (a stage starts when the ones before it are done);
 * below the md breakpoint (a phone) the columns stack and the arrows point down.
 */
export function StageColumns({ stages, label }: { stages: StageColumn[]; label: string }) {
  const t = useT();
  const screens = Grid.useBreakpoint();
  const across = Boolean(screens.md);
  return (
    <Flex vertical={!across} gap={8} align={across ? "stretch" : undefined} role="list" aria-label={label}>
      {stages.map((s, i) => (
        <Fragment key={s.key}>
          {i > 0 ? (
            <Flex justify="center" align="center" aria-hidden style={{ color: "#8c8c8c" }}>
              {across ? <ArrowRightOutlined /> : <ArrowDownOutlined />}
            </Flex>
          ) : null}
          <Flex
            vertical
            gap={8}
            role="listitem"
            style={{
              flex: across ? "1 1 0" : undefined,
              minWidth: 0,
              background: "#fafafa",
              border: "1px solid #f0f0f0",
              borderRadius: 8,
              padding: 12,
            }}
          >
            <Flex vertical gap={2}>
              <Flex gap={6} align="center" wrap>
                <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                  {t("chain.stage.n", { n: i + 1 })}
                </Tag>
                <Typography.Text strong>{s.title}</Typography.Text>
                {s.items.length > 1 ? <Tag variant="outlined">{t("chain.stage.parallel")}</Tag> : null}
              </Flex>
              {s.note ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {s.note}
                </Typography.Text>
              ) : null}
            </Flex>
            {s.items}
          </Flex>
        </Fragment>
      ))}
    </Flex>
  );
}
