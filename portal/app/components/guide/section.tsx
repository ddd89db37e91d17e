import { Card } from "antd";
import type { ReactNode } from "react";

/** A titled block of the guide, with an id so sections can be linked to. */
export function GuideSection({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <Card id={id} title={title} size="small" styles={{ body: { padding: 16 } }}>
      {children}
    </Card>
  );
}
