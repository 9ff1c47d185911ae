import { type ReactNode, useState } from "react";
import { Consent } from "./consent.js";
import type { AuthorizeRequest, PageData } from "./page-data.js";
import type { SignedIn } from "./provider-api.js";
import { SignInForm } from "./sign-in-form.js";
import { useHeadingFocus } from "./use-heading-focus.js";

/** The whole page: an error, or sign-in then consent for the pending request. */
export function AuthorizePage(props: { data: PageData }): ReactNode {
  const { data } = props;
  if ("error" in data) return <ErrorView message={data.message} />;
  return <Authorize request={data} />;
}

/**
 * Sign-in first unless this browser is already signed in to the account the app asked for (and the
 * app did not ask for the password again), then consent.
 */
function Authorize(props: { request: AuthorizeRequest }): ReactNode {
  const { request } = props;
  const remembered =
    request.prompt === "login"
      ? undefined
      : request.sessions.find((s) => s.account.did === request.selectedDid && !s.loginRequired);
  const [signedIn, setSignedIn] = useState<SignedIn | null>(
    remembered ? { account: remembered.account } : null,
  );
  if (!signedIn) return <SignInForm request={request} onSignedIn={setSignedIn} />;
  return <Consent request={request} signedIn={signedIn} onSwitchAccount={() => setSignedIn(null)} />;
}

function ErrorView(props: { message: string }): ReactNode {
  const heading = useHeadingFocus();
  return (
    <main className="login">
      <h1 ref={heading} tabIndex={-1}>
        This sign-in request cannot go on
      </h1>
      <p role="alert">{props.message}</p>
      <p className="muted">Go back to the app and start signing in again.</p>
    </main>
  );
}
