/** A self-contained HTML page rendering the OpenAPI document: paths, then schemas; nothing is fetched. */
export function renderDocsPage(doc: Record<string, unknown>): string {
  const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const info = doc.info as { title: string; version: string; description?: string };
  const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>;
  const schemas = ((doc.components as Record<string, unknown>)?.schemas ?? {}) as Record<string, unknown>;
  const ops = Object.entries(paths).flatMap(([p, methods]) =>
    Object.entries(methods).map(([m, op]) => {
      const scopes = (op.security as Record<string, string[]>[] | undefined)?.flatMap((s) =>
        Object.values(s).flat(),
      );
      const responses = Object.keys((op.responses as Record<string, unknown>) ?? {}).join(" ");
      return `<section><h3><code>${esc(m.toUpperCase())} /api/v1${esc(p)}</code></h3>
<p>${esc(op.summary)}</p>${op.description ? `<p>${esc(op.description)}</p>` : ""}<p>scope: <code>${esc(scopes?.join(" "))}</code> · responses: ${esc(responses)}</p>
<details><summary>operation</summary><pre>${esc(JSON.stringify(op, null, 2))}</pre></details></section>`;
    }),
  );
  const schemaBlocks = Object.entries(schemas).map(
    ([name, s]) =>
      `<details id="${esc(name)}"><summary><code>${esc(name)}</code></summary><pre>${esc(JSON.stringify(s, null, 2))}</pre></details>`,
  );
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(info.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}
section{border-top:1px solid #ddd;padding:.5rem 0}pre{background:#f6f8fa;padding:.75rem;overflow:auto;font-size:12px}
code{background:#f0f0f0;padding:0 .25rem}</style></head><body>
<h1>${esc(info.title)} <small>${esc(info.version)}</small></h1><p>${esc(info.description)}</p>
<p>Machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Authenticate with
<code>Authorization: Bearer &lt;token&gt;</code> from the client-credentials grant; every POST takes an
<code>Idempotency-Key</code>; errors are <code>application/problem+json</code> (RFC 9457). A system registers
where its department's events are pushed with <code>POST /api/v1/webhooks</code> (scope <code>webhooks:manage</code>).</p>
<h2>Operations</h2>${ops.join("\n")}<h2>Schemas</h2>${schemaBlocks.join("\n")}</body></html>`;
}
