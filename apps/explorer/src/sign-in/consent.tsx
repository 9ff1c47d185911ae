import type { ReactNode } from "react";
import { allow, deny } from "./leave.js";
import type { AuthorizeRequest } from "./page-data.js";
import type { SignedIn } from "./provider-api.js";
import { describeScope } from "./scope-text.js";
import { useAction } from "./use-action.js";
import { useHeadingFocus } from "./use-heading-focus.js";

/**
 * What the app asks for, in words, with its client id in full (a name is shown only for clients the
 * server trusts: any app can call itself anything). Allow or deny; either returns to the app.
 */
export function Consent(props: {
  request: AuthorizeRequest;
  signedIn: SignedIn;
  onSwitchAccount: () => void;
}): ReactNode {
  const { request, signedIn } = props;
  const heading = useHeadingFocus();
  const { pending, error, run } = useAction();
  const scopes = request.scope.split(" ").filter(Boolean);

  return (
    <main className="login">
      <h1 ref={heading} tabIndex={-1}>
        Allow this app to use your account?
      </h1>
      <p>
        App: <code>{request.clientId}</code>
        {request.clientName && <> ({request.clientName})</>}
      </p>
      <p>
        Account: <strong>{signedIn.account.handle ?? signedIn.account.did}</strong>{" "}
        <button type="button" className="secondary" onClick={props.onSwitchAccount} disabled={pending}>
          Use another account
        </button>
      </p>
      <h2 id="scopes-heading">It will be able to</h2>
      <ul aria-labelledby="scopes-heading">
        {scopes.map((scope) => (
          <li key={scope}>
            {describeScope(scope)} <code className="muted">{scope}</code>
          </li>
        ))}
      </ul>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          disabled={pending}
          onClick={() => void run(() => allow(signedIn.account.did, signedIn.ephemeralToken))}
        >
          Allow
        </button>
        <button type="button" className="secondary" disabled={pending} onClick={() => void run(deny)}>
          Deny
        </button>
      </div>
    </main>
  );
}
