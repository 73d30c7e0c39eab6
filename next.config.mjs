/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The grader worker and the sandbox runtimes are bundled separately (scripts/build-grader.ts) and
  // started with `fork`; isolated-vm is a native addon that must never be bundled.
  serverExternalPackages: ["ivm-node20", "ivm-node24", "esbuild", "@prisma/adapter-libsql", "@libsql/client"],
  typedRoutes: false,
  // `npm run typecheck` checks the whole repository (tests, scripts, grader) in `npm test` and CI; the
  // build would repeat it over the same files and fail on a test's types, which the server never runs.
  typescript: { ignoreBuildErrors: true },
  // forbidden() renders app/forbidden.tsx with a 403 (server/route/page-access.ts).
  experimental: { authInterrupts: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          // Fixed for every response, static files included; the CSP (per-request nonce) and HSTS (only when
          // PUBLIC_URL is https, known at run time) are set by proxy.ts.
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
        ],
      },
      {
        // Framing is refused everywhere but where an LTI launch leads (course pages, the deep-linking picker, the
        // launch's own answers): there the CSP's frame-ancestors names the registered LMSs (proxy.ts,
        // server/lti/pages.ts), and X-Frame-Options, which can only say DENY or SAMEORIGIN, must not contradict it.
        source: "/((?!courses(?:/|$)|lti(?:/|$)|api/lti/).*)",
        headers: [{ key: "X-Frame-Options", value: "DENY" }],
      },
    ];
  },
};

export default nextConfig;
