import { contentRoot } from "@/server/content/repository";
import { contentEventStream, createContentWatcher } from "@/server/content/watch";
import { RequestError } from "@/server/errors";
import { anyone } from "@/server/route/access";
import { route } from "@/server/route/define-route";

// Development only: the stream components/layout/content-live-reload.tsx listens to. In production content is
// loaded once at start, so there is nothing to announce and the route answers 404.

export const dynamic = "force-dynamic";

const watcher = process.env.NODE_ENV === "development" ? createContentWatcher(contentRoot()) : null;

export const GET = route()
  .access(anyone())
  .handle(async ({ request }) => {
    if (!watcher) throw new RequestError(404, "not_found", "Live reload exists only in development (npm run dev).");
    return new Response(contentEventStream(watcher, request.signal), {
      headers: {
        "Content-Type": "text/event-stream",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
      },
    });
  });
