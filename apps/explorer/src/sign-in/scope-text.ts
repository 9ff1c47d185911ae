import {
  AccountPermission,
  BlobPermission,
  IdentityPermission,
  IncludeScope,
  RepoPermission,
  RpcPermission,
} from "@atproto/oauth-scopes";

const list = (items: readonly string[]) => items.join(", ");
const ACTIONS: Record<string, string> = { create: "create", update: "edit", delete: "delete" };

/**
 * A sentence for each scope the app asks for, parsed by `@atproto/oauth-scopes` (the provider's own
 * parser). A scope it cannot read is shown as is: the user should see everything asked for.
 */
export function describeScope(scope: string): string {
  switch (scope) {
    case "atproto":
      return "Know who you are: your DID and handle.";
    case "transition:generic":
      return "Create, edit and delete any of your records, upload files, and use most services through this server (not chat). It cannot change your handle, email or password.";
    case "transition:chat.bsky":
      return "Read and send your chat messages.";
    case "transition:email":
      return "See your email address.";
  }
  const repo = RepoPermission.fromString(scope);
  if (repo) {
    const what = repo.collection.includes("*")
      ? "any kind of record"
      : `records of type ${list(repo.collection)}`;
    return `${capitalize(list(repo.action.map((a) => ACTIONS[a] ?? a)))} ${what}.`;
  }
  const blob = BlobPermission.fromString(scope);
  if (blob) return `Upload files of type ${list(blob.accept)}.`;
  const rpc = RpcPermission.fromString(scope);
  if (rpc) {
    const where = rpc.aud === "*" ? "any service" : rpc.aud;
    return `Call ${rpc.lxm.includes("*") ? "any method" : list(rpc.lxm)} on ${where} in your name.`;
  }
  const account = AccountPermission.fromString(scope);
  if (account) {
    const manage = account.action.includes("manage");
    return `${manage ? "Change" : "See"} your account's ${account.attr}.`;
  }
  const identity = IdentityPermission.fromString(scope);
  if (identity)
    return identity.attr === "handle" ? "Change your handle." : "Change your identity: handle, keys and PDS.";
  const include = IncludeScope.fromString(scope);
  if (include) return `The permissions of the set ${include.nsid}.`;
  return `A permission this page cannot describe: ${scope}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
