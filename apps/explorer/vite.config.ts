import { defaultClientConditions, defineConfig } from "vite";

// "bsky-source" resolves the workspace SDK to its TypeScript sources, as Vitest and tsc do, so the app
// never bundles a stale SDK build and `npm start` need not build the SDK first.
export default defineConfig({
  resolve: { conditions: ["bsky-source", ...defaultClientConditions] },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
    target: "es2022",
    rolldownOptions: {
      // Two pages: the explorer, and the sign-in and consent page the PDS serves at /oauth/authorize.
      input: { main: "index.html", "sign-in": "sign-in.html" },
      // React Query marks its hooks "use client" for server-component bundlers; a browser bundle has no
      // server side, so dropping the directive is right and the warning is noise.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  server: { proxy: { "/xrpc": { target: "http://localhost:2583", ws: true } } },
});
