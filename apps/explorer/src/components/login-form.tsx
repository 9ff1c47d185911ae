import { type FormEvent, type ReactNode, useState } from "react";
import { type Account, LoginFailedError, logIn } from "../lib/session.js";

/** Handle-or-email and password; on success hands the logged-in account up. */
export function LoginForm(props: { onLogin: (account: Account) => void }): ReactNode {
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
    </main>
  );
}
