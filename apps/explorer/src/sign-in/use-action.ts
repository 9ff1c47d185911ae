import { useState } from "react";

/**
 * An action a button starts: `pending` while it runs (buttons disable), and its failure's message for
 * the page. A success that leaves the page (back to the app) keeps `pending`, so nothing is clicked twice.
 */
export function useAction(): {
  pending: boolean;
  error: string | null;
  run(action: () => Promise<void>): Promise<void>;
} {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<void>): Promise<void> => {
    setPending(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError((err as Error).message);
      setPending(false);
    }
  };
  return { pending, error, run };
}
