import { Writable } from "node:stream";
import { createCache, extractStyle, StyleProvider } from "@ant-design/cssinjs";
import { renderToPipeableStream } from "react-dom/server";
import type { AppLoadContext, EntryContext } from "react-router";
import { isRouteErrorResponse, ServerRouter } from "react-router";

/** How long deferred loader data may stream before the render is aborted. */
export const streamTimeout = 5_000;

/**
 * Put antd's extracted styles at the end of <head>. Only the first `</head>` is the real one: React
 * escapes `<` in text and attributes, so the string cannot occur earlier inside content.
 */
function injectStyles(html: string, styles: string): string {
  const at = html.indexOf("</head>");
  return at === -1 ? styles + html : html.slice(0, at) + styles + html.slice(at);
}

/**
 * Renders the whole document before answering (onAllReady for every request, not only bots), because
 * antd's css-in-js registers styles while rendering: only a complete render lets `extractStyle` return
 * every rule, which goes into <head> so the page is styled before hydration. Correctness over streaming.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  if (request.method.toUpperCase() === "HEAD") {
    return new Response(null, { status: responseStatusCode, headers: responseHeaders });
  }

  return new Promise<Response>((resolve, reject) => {
    let status = responseStatusCode;
    let settled = false;
    const cache = createCache();
    const timeout = setTimeout(() => abort(), streamTimeout + 1000);

    const { pipe, abort } = renderToPipeableStream(
      <StyleProvider cache={cache}>
        <ServerRouter context={routerContext} url={request.url} />
      </StyleProvider>,
      {
        onAllReady() {
          const chunks: Buffer[] = [];
          const sink = new Writable({
            write(chunk, _encoding, callback) {
              chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
              callback();
            },
            final(callback) {
              clearTimeout(timeout);
              const html = injectStyles(Buffer.concat(chunks).toString("utf8"), extractStyle(cache));
              responseHeaders.set("Content-Type", "text/html; charset=utf-8");
              settled = true;
              resolve(new Response(html, { status, headers: responseHeaders }));
              callback();
            },
          });
          pipe(sink);
        },
        onShellError(error: unknown) {
          clearTimeout(timeout);
          settled = true;
          reject(error);
        },
        onError(error: unknown) {
          status = 500;
          // Errors before the shell is ready reject above and are logged by React Router.
          if (settled) return;
          console.error(error);
        },
      },
    );
  });
}

/** Log unexpected loader/action errors; not intentional responses (404s) nor clients that went away. */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted || isRouteErrorResponse(error)) return;
  console.error(error);
}
