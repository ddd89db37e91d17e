import { Flex, Steps, Tag, Typography } from "antd";
import type { TFlowTemplate } from "../../../../registry/index.ts";
import { useT } from "../../i18n/index.ts";
import { flowTypeLabel, roleLabel } from "../../lib/labels.ts";

/** 办理流程: the steps a case goes through, in order. */
export function FlowSteps({ flow }: { flow: TFlowTemplate }) {
  const t = useT();
  return (
    <Flex vertical gap={12}>
      <Typography.Text type="secondary">
        {t("guide.flowType", { type: flowTypeLabel(flow.type, t) })}
      </Typography.Text>
      <Steps
        items={flow.steps.map((step) => ({
          key: step.code,
          title: step.name,
          status: "process" as const,
          content: (
            <Flex vertical gap={4}>
              <span>{t("guide.step.role", { role: roleLabel(step.role, t) })}</span>
              {step.skippable ? <Tag>{t("guide.step.skippable")}</Tag> : null}
            </Flex>
          ),
        }))}
      />
    </Flex>
  );
}
