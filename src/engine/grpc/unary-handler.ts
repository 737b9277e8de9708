/**
 * Turns a plain function into a gRPC unary handler with the sidecar's common rules: the API
 * token is checked first, the call's cancellation (or deadline) aborts the given signal, and
 * whatever the function throws becomes one gRPC status (see status-for-error.ts), so no
 * request can crash the process.
 */
import { status, type handleUnaryCall, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { checkApiToken } from './api-token.js';
import { grpcFailureFor } from './status-for-error.js';

/** What every handler needs from the server: the token to require and where unexpected errors go. */
export interface HandlerContext {
  readonly apiToken?: string;
  /** Called with the method name and the error whenever a handler fails unexpectedly. */
  readonly logError: (method: string, error: unknown) => void;
}

/** Answers a call with the status for `error`, logging it when it was unexpected. */
export function answerWithError<T>(context: HandlerContext, method: string, error: unknown, callback: sendUnaryData<T>): void {
  const failure = grpcFailureFor(error);
  if (failure.isUnexpected) context.logError(method, error);
  callback({ code: failure.code, details: failure.details });
}

/** A unary handler running `run(request, signal)`; `signal` aborts when the caller cancels or its deadline passes. */
export function unaryHandler<Request, Response>(
  context: HandlerContext,
  method: string,
  run: (request: Request, signal: AbortSignal) => Response | Promise<Response>,
): handleUnaryCall<Request, Response> {
  return (call: ServerUnaryCall<Request, Response>, callback: sendUnaryData<Response>) => {
    const abort = new AbortController();
    const onCancel = () => abort.abort();
    call.once('cancelled', onCancel);
    const settle = (outcome: { readonly ok: true; readonly response: Response } | { readonly ok: false; readonly error: unknown }) => {
      call.removeListener('cancelled', onCancel);
      if (abort.signal.aborted) return; // the caller is gone; nobody to answer
      if (outcome.ok) callback(null, outcome.response);
      else answerWithError(context, method, outcome.error, callback);
    };
    try {
      checkApiToken(call.metadata, context.apiToken);
      Promise.resolve(run(call.request, abort.signal)).then(
        (response) => settle({ ok: true, response }),
        (error: unknown) => settle({ ok: false, error }),
      );
    } catch (error) {
      settle({ ok: false, error });
    }
  };
}

/** A unary handler that answers UNIMPLEMENTED with `details` (after the token check, like every other call). */
export function unimplementedHandler(
  context: HandlerContext,
  method: string,
  details = `${method} is not supported by the embedded sidecar.`,
): handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    try {
      checkApiToken(call.metadata, context.apiToken);
    } catch (error) {
      answerWithError(context, method, error, callback);
      return;
    }
    callback({ code: status.UNIMPLEMENTED, details });
  };
}
