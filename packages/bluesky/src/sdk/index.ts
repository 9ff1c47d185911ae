export { Repo } from "./repo.js";
export { Bluesky } from "./sdk.js";
export { Server } from "./server.js";
