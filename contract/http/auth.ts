import { z } from "zod";

// The bodies of better-auth's two endpoints that anyone can reach (POST /api/auth/sign-in/email and
// /api/auth/sign-up/email), checked by their routes before any limit is charged: a wrong type is our 400 naming the
// field (better-auth's own would be "[body.email] Invalid input"), and an unknown field (a smuggled "role", say) is
// refused, not ignored. The browser sends them through better-auth's client.

/**
 * What a new account must satisfy, said once for the server (server/auth.ts configures better-auth's password
 * lengths with these; the schemas below check the rest) and for the sign-up form, which shows them as rules.
 */
export const ACCOUNT_RULES = {
  nameMaxLength: 80,
  emailMaxLength: 254,
  /** Counted as JavaScript counts a string's length (UTF-16 units), as better-auth does. */
  passwordMinLength: 8,
  passwordMaxLength: 128,
} as const;

const email = z.email("must be an email address").max(ACCOUNT_RULES.emailMaxLength);
const clientOptions = { callbackURL: z.string().max(2_000).optional(), rememberMe: z.boolean().optional() };

export const signInBodySchema = z.object({ email, password: z.string().min(1).max(256), ...clientOptions }).strict();
export type SignInBody = z.infer<typeof signInBodySchema>;

export const signUpBodySchema = z
  .object({
    name: z.string().min(1).max(ACCOUNT_RULES.nameMaxLength),
    email,
    password: z.string().max(256),
    image: z.string().max(2_000).optional(),
    ...clientOptions,
  })
  .strict();
export type SignUpBody = z.infer<typeof signUpBodySchema>;

/** An email address as sign-up checks it (the form checks the same before sending). */
export const signUpEmailSchema = email;

/** better-auth's other bodies are small objects; sign-out sends none. */
export const otherAuthBodySchema = z.record(z.string(), z.unknown()).optional();
