import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/server/auth";

// better-auth serves sign-up, sign-in, sign-out and get-session under /api/auth/*.
export async function GET(request: Request) {
  return toNextJsHandler(getAuth()).GET(request);
}
export async function POST(request: Request) {
  return toNextJsHandler(getAuth()).POST(request);
}
