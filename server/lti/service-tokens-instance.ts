import "server-only";
import { getDb } from "../db";
import { ServiceTokens } from "./service-token";

const globalForTokens = globalThis as { pagewiseServiceTokens?: ServiceTokens };

/** The process's cache of platform access tokens (one per platform and scope set). */
export function getServiceTokens(): ServiceTokens {
  globalForTokens.pagewiseServiceTokens ??= new ServiceTokens(getDb());
  return globalForTokens.pagewiseServiceTokens;
}
