import { type FormEvent, type ReactNode, useState } from "react";
import { startOAuthSignIn } from "../lib/oauth.js";
import { type Account, LoginFailedError, logIn } from "../lib/session.js";

/**
 * Handle-or-email and password, or OAuth sign-in (this server's sign-in page, then back here); on
 * success hands the logged-in account up.
 */
export function LoginForm(props: {
  onLogin: (account: Account) => void;
  oauthError?: string | null;
}): ReactNode {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      props.onLogin(await logIn(String(form.get("identifier")), String(form.get("password"))));
    } catch (err) {
      setError(err instanceof LoginFailedError ? err.reason : String(err));
      setPending(false);
    }
  };

  return (
    <main className="login">
      <h1>Repository explorer</h1>
      <p>Log in to the PDS at {window.location.host} to browse and edit your repository.</p>
      <form onSubmit={submit} aria-describedby={error ? "login-error" : undefined}>
        <label htmlFor="identifier">Handle or email</label>
        <input id="identifier" name="identifier" autoComplete="username" required />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        {error && (
          <p id="login-error" className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={pending}>
          {pending ? "Logging in…" : "Log in"}
        </button>
      </form>
      <p className="muted">Or, as apps sign in now, through this server's sign-in page:</p>
      <button
        type="button"
        onClick={() => void startOAuthSignIn().catch((err: Error) => setError(err.message))}
      >
        Sign in with OAuth
      </button>
      {props.oauthError && (
        <p className="field-error" role="alert">
          OAuth sign-in failed: {props.oauthError}
        </p>
      )}
    </main>
  );
}
