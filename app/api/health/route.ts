import { health } from "@/server/ops/endpoints";
import { anyone } from "@/server/route/access";
import { route } from "@/server/route/define-route";

/** Liveness: the process answers. It touches nothing else, so a slow database never restarts a healthy server. */
export const GET = route()
  .access(anyone())
  .handle(async () => health({ role: "web" }));
