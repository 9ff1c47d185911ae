import { createContext, type ReactNode, useContext } from "react";
import type { BlueskyCore } from "../core.js";

/** A hook ran outside `<BlueskyProvider>`, so there is no client to call with. */
export class BlueskyProviderMissingError extends Error {
  override readonly name = "BlueskyProviderMissingError";
  constructor() {
    super("no bluesky client; wrap the component in <BlueskyProvider client={new BlueskyCore(...)}>");
  }
}

const BlueskyContext = createContext<BlueskyCore | null>(null);

/** Makes `client` the one every bluesky hook below it calls with. */
export function BlueskyProvider(props: { client: BlueskyCore; children?: ReactNode }): ReactNode {
  // `.Provider` rather than React 19's bare context element keeps React 18 working.
  return <BlueskyContext.Provider value={props.client}>{props.children}</BlueskyContext.Provider>;
}

/** The client from the nearest `<BlueskyProvider>`; throws BlueskyProviderMissingError without one. */
export function useBlueskyContext(): BlueskyCore {
  const client = useContext(BlueskyContext);
  if (client === null) throw new BlueskyProviderMissingError();
  return client;
}
