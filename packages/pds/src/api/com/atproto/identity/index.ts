import { getRecommendedDidCredentials } from "./getRecommendedDidCredentials.js";
import { refreshIdentity } from "./refreshIdentity.js";
import { requestPlcOperationSignature } from "./requestPlcOperationSignature.js";
import { resolveDid } from "./resolveDid.js";
import { resolveHandle } from "./resolveHandle.js";
import { resolveIdentity } from "./resolveIdentity.js";
import { signPlcOperation } from "./signPlcOperation.js";
import { submitPlcOperation } from "./submitPlcOperation.js";
import { updateHandle } from "./updateHandle.js";

/** The `com.atproto.identity.*` methods: handles, DIDs and did:plc operations. */
export const identityRoutes = [
  resolveHandle,
  resolveDid,
  resolveIdentity,
  refreshIdentity,
  updateHandle,
  getRecommendedDidCredentials,
  requestPlcOperationSignature,
  signPlcOperation,
  submitPlcOperation,
];
