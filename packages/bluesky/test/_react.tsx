// Renders hooks the way an app does: a real QueryClient and a BlueskyProvider around them.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderHook } from "@testing-library/react";
import { type ReactNode, Suspense } from "react";
import type { BlueskyCore } from "../src/core.js";
import { BlueskyProvider } from "../src/react-query/_context.js";

/** A QueryClient with TanStack's defaults: the hooks must turn its query retries off themselves. */
export function newQueryClient(): QueryClient {
  return new QueryClient();
}

/** Renders `hook` under QueryClientProvider, BlueskyProvider and a Suspense boundary. */
export function renderBlueskyHook<T>(hook: () => T, client: BlueskyCore, queryClient = newQueryClient()) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <BlueskyProvider client={client}>
        <Suspense fallback={null}>{children}</Suspense>
      </BlueskyProvider>
    </QueryClientProvider>
  );
  return { ...renderHook(hook, { wrapper }), queryClient };
}
