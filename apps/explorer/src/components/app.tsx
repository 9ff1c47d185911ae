import { useQueryClient } from "@tanstack/react-query";
import { BlueskyProvider } from "bluesky/react-query";
import { type ReactNode, useEffect, useState } from "react";
import { oauthPending, resumeOAuthAccount } from "../lib/oauth.js";
import { type Account, forgetSession, resumeSavedAccount } from "../lib/session.js";
import { Explorer } from "./explorer.js";
import { LoginForm } from "./login-form.js";

/** Login until there is an account (a password session, or an OAuth one), then the explorer on its client. */
export function App(): ReactNode {
  const [account, setAccount] = useState<Account | null>(resumeSavedAccount);
  const [resuming, setResuming] = useState(() => account === null && oauthPending());
  const [oauthError, setOauthError] = useState<string | null>(null);
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!resuming) return;
    resumeOAuthAccount()
      .then((found) => found && setAccount(found))
      .catch((err: Error) => setOauthError(err.message))
      .finally(() => setResuming(false));
  }, [resuming]);

  if (resuming) return <p className="login">Signing in…</p>;
  if (!account) return <LoginForm onLogin={setAccount} oauthError={oauthError} />;
  const logout = (): void => {
    forgetSession();
    void account.signOut?.();
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
