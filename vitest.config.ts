import { defineConfig } from "vitest/config";

// One runner for every package. The "bsky-source" condition makes workspace packages resolve to
// their TypeScript sources, so tests never run against a stale build.
export default defineConfig({
  resolve: { conditions: ["bsky-source"] },
  ssr: { resolve: { conditions: ["bsky-source"] } },
  test: {
    include: [
      "packages/*/test/**/*.test.{ts,tsx}",
      "e2e/test/**/*.test.{ts,tsx}",
      "apps/*/test/**/*.test.{ts,tsx}",
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
