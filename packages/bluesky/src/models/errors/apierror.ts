import { BlueskyError } from "./blueskyerror.js";

/** An error status or unexpected response the operation does not describe (e.g. a non-JSON error body). */
export class APIError extends BlueskyError {
  override readonly name = "APIError";

  constructor(message: string, response: Response, body: string) {
    super(
      `${message}: Status ${response.status} Content-Type ${response.headers.get("content-type") ?? ""} Body\n${body}`,
      response,
      body,
    );
  }
}
