"use client";

import { createAuthClient } from "better-auth/react";

/** The browser side of better-auth; same origin as the page, so no base URL to configure. */
export const authClient = createAuthClient();
