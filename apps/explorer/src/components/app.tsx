import { useQueryClient } from "@tanstack/react-query";
import { BlueskyProvider } from "bluesky/react-query";
import { type ReactNode, useState } from "react";
import { type Account, forgetSession, resumeSavedAccount } from "../lib/session.js";
import { Explorer } from "./explorer.js";
import { LoginForm } from "./login-form.js";

/** Login until there is an account, then the explorer on that account's client. */
export function App(): ReactNode {
  const [account, setAccount] = useState<Account | null>(resumeSavedAccount);
  const queryClient = useQueryClient();

  if (!account) return <LoginForm onLogin={setAccount} />;
  const logout = (): void => {
    forgetSession();
    // Cached records belong to the account that fetched them.
    queryClient.clear();
    setAccount(null);
  };
  return (
    <BlueskyProvider client={account.client}>
      <Explorer account={account} onLogout={logout} />
    </BlueskyProvider>
  );
}
