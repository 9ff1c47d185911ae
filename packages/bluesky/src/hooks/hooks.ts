import type { HTTPClient } from "../lib/http.js";
import type {
  AfterErrorHook,
  AfterSuccessHook,
  BeforeCreateRequestHook,
  BeforeRequestHook,
  HookContext,
  SDKInitHook,
} from "./types.js";

/** SDK-level hooks: register with `client.hooks.register…Hook(fn)`; they run in registration order. */
export class SDKHooks {
  readonly sdkInitHooks: SDKInitHook[] = [];
  readonly beforeCreateRequestHooks: BeforeCreateRequestHook[] = [];
  readonly beforeRequestHooks: BeforeRequestHook[] = [];
  readonly afterSuccessHooks: AfterSuccessHook[] = [];
  readonly afterErrorHooks: AfterErrorHook[] = [];

  /** Adds a hook run once when a client is built with these hooks. */
  registerSDKInitHook(hook: SDKInitHook): void {
    this.sdkInitHooks.push(hook);
  }
  /** Adds a hook run once per call, before the Request is created. */
  registerBeforeCreateRequestHook(hook: BeforeCreateRequestHook): void {
    this.beforeCreateRequestHooks.push(hook);
  }
  /** Adds a hook run before every attempt. */
  registerBeforeRequestHook(hook: BeforeRequestHook): void {
    this.beforeRequestHooks.push(hook);
  }
  /** Adds a hook run after every attempt with a status below 400. */
  registerAfterSuccessHook(hook: AfterSuccessHook): void {
    this.afterSuccessHooks.push(hook);
  }
  /** Adds a hook run after every failed attempt. */
  registerAfterErrorHook(hook: AfterErrorHook): void {
    this.afterErrorHooks.push(hook);
  }

  /** Runs the init hooks in order. */
  sdkInit(init: { baseURL: string; client: HTTPClient }): { baseURL: string; client: HTTPClient } {
    return this.sdkInitHooks.reduce((acc, hook) => hook(acc), init);
  }
  /** Runs the before-create-request hooks in order. */
  beforeCreateRequest(ctx: HookContext, input: { url: URL; options: RequestInit }) {
    return this.beforeCreateRequestHooks.reduce((acc, hook) => hook(ctx, acc), input);
  }
  /** Runs the before-request hooks in order. */
  async beforeRequest(ctx: HookContext, request: Request): Promise<Request> {
    let req = request;
    for (const hook of this.beforeRequestHooks) req = await hook(ctx, req);
    return req;
  }
  /** Runs the after-success hooks in order. */
  async afterSuccess(ctx: HookContext, response: Response): Promise<Response> {
    let res = response;
    for (const hook of this.afterSuccessHooks) res = await hook(ctx, res);
    return res;
  }
  /** Runs the after-error hooks in order. */
  async afterError(ctx: HookContext, response: Response | null, error: unknown) {
    let out = { response, error };
    for (const hook of this.afterErrorHooks) out = await hook(ctx, out.response, out.error);
    return out;
  }
}
