import type { FormEvent, ReactNode } from "react";
import { deny } from "./leave.js";
import type { AuthorizeRequest } from "./page-data.js";
import { type SignedIn, signIn } from "./provider-api.js";
import { useAction } from "./use-action.js";
import { useHeadingFocus } from "./use-heading-focus.js";

/** Handle or email and password; accounts already signed in here can be picked instead. */
export function SignInForm(props: {
  request: AuthorizeRequest;
  onSignedIn: (s: SignedIn) => void;
}): ReactNode {
  const { request } = props;
  const heading = useHeadingFocus();
  const { pending, error, run } = useAction();
  const ready = request.prompt === "login" ? [] : request.sessions.filter((s) => !s.loginRequired);

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const remember = form.get("remember") === "on";
    void run(async () =>
      props.onSignedIn(await signIn(String(form.get("identifier")), String(form.get("password")), remember)),
    );
  };

  return (
    <main className="login">
      <h1 ref={heading} tabIndex={-1}>
        Sign in to {window.location.host}
      </h1>
      <p>
        An app wants to use your account: <code>{request.clientName ?? request.clientId}</code>
      </p>
      {ready.length > 0 && (
        <section aria-label="Signed-in accounts">
          {ready.map((s) => (
            <button
              type="button"
              className="secondary"
              key={s.account.did}
              onClick={() => props.onSignedIn(s)}
            >
              Continue as {s.account.handle ?? s.account.did}
            </button>
          ))}
        </section>
      )}
      <form onSubmit={submit} aria-describedby={error ? "sign-in-error" : undefined}>
        <label htmlFor="identifier">Handle or email</label>
        <input
          id="identifier"
          name="identifier"
          autoComplete="username"
          required
          defaultValue={request.loginHint}
          readOnly={request.loginHint !== undefined}
        />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <label className="check">
          <input type="checkbox" name="remember" /> Stay signed in on this browser
        </label>
        {error && (
          <p id="sign-in-error" className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={pending}>
            {pending ? "Signing in…" : "Sign in"}
          </button>
          <button type="button" className="secondary" onClick={() => void run(deny)}>
            Cancel
          </button>
        </div>
      </form>
    </main>
  );
}
