import type { XRPCError } from "../models/errors/blueskyerror.js";
import { OK, type Result } from "../types/fp.js";
import { Page, type Paged } from "../types/pages.js";
import { call } from "./call.js";
import type { Operation, OperationError } from "./operation.js";
import type { ClientSDK, RequestOptions } from "./sdks.js";

/** The item type of a listing's array field. */
type ItemOf<Res, K extends keyof Res> = NonNullable<Res[K]> extends readonly (infer I)[] ? I : never;

/**
 * Runs an operation paged by `cursor` and wraps its response in a Page whose `next()` runs it again with
 * the response's cursor (same request, same options). `items` names the listing's array field.
 */
export async function callPaged<
  Req,
  Res extends { cursor?: string },
  E400 extends XRPCError<string>,
  E401 extends XRPCError<string>,
  K extends keyof Res,
>(
  client: ClientSDK,
  op: Operation<Req, Res, E400, E401>,
  items: K,
  request: Req,
  options?: RequestOptions,
): Promise<Result<Paged<Res, ItemOf<Res, K>, OperationError<typeof op>>, OperationError<typeof op>>> {
  const res = await call(client, op, request, options);
  if (!res.ok) return res;
  const next = (cursor: string) => callPaged(client, op, items, { ...request, cursor } as Req, options);
  return OK(new Page(res.value, items as string, next) as never);
}
