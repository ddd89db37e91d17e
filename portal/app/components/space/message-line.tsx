import { Typography } from "antd";
import { Link } from "react-router";
import type { SpaceMessage } from "../../../../registry/index.ts";
import { useT } from "../../i18n/index.ts";
import { chinaDateTime } from "../workbench/case-overview.tsx";
import { applicantActionLabel, chainOf, eventDetails } from "./timeline-details.ts";

/** One message: the case, what happened (in the timeline's words), when; unread ones in bold. */
export function MessageLine({ m }: { m: SpaceMessage }) {
  const t = useT();
  const lines = eventDetails(t, m.action, m.details, (code) => code);
  const chain = m.action === "chainBlocked" || m.action === "chainCompleted" ? chainOf(m.details) : null;
  return (
    <div>
      <Typography.Text strong={!m.read}>
        <Link to={`/space/cases/${m.caseId}`}>{m.caseNo}</Link> {m.itemName}：
        {applicantActionLabel(t, m.action)}
      </Typography.Text>
      <div>
        <Typography.Text type="secondary">{chinaDateTime(m.at)}</Typography.Text>
      </div>
      {lines.slice(0, 3).map((l) => (
        <div key={l} style={{ overflowWrap: "anywhere" }}>
          {l}
        </div>
      ))}
      {chain ? <Link to={`/space/chains/${chain.instanceId}`}>{t("space.message.chainLink")}</Link> : null}
    </div>
  );
}
