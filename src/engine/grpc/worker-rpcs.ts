/**
 * The worker side of `TaskHubSidecarService` (what `WorkflowRuntime` calls): the
 * GetWorkItems stream, which becomes one engine worker connection for as long as it lasts,
 * and the two completion RPCs, which hand the worker's answers to the engine.
 */
import type { ServerWritableStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { WorkerConnection, WorkflowEngine } from '../engine.js';
import { activityResultFromPb, orchestratorResultFromPb, workerOptionsFromPb, workItemToPb, type wire } from '../../protocol/index.js';
import { checkApiToken } from './api-token.js';
import { grpcFailureFor } from './status-for-error.js';
import { unaryHandler, type HandlerContext } from './unary-handler.js';

type WorkItemStream = ServerWritableStream<wire.GetWorkItemsRequest, wire.IWorkItem>;

/** The open GetWorkItems streams, so the server can end them all when it closes. */
export class WorkerStreams {
  readonly #open = new Set<() => void>();

  /** Remembers how to end one stream; returns the function that forgets it. */
  add(end: () => void): () => void {
    this.#open.add(end);
    return () => {
      this.#open.delete(end);
    };
  }

  /** Ends every open stream with an OK status, so workers see the stream end. */
  endAll(): void {
    for (const end of [...this.#open]) end();
  }
}

function streamIsOpen(call: WorkItemStream): boolean {
  return !call.cancelled && !call.destroyed && !call.writableEnded;
}

/** Handlers of the worker RPCs, keyed as the service definition keys them. */
export function workerRpcs(engine: WorkflowEngine, context: HandlerContext, streams: WorkerStreams): UntypedServiceImplementation {
  return {
    getWorkItems: (call: WorkItemStream) => {
      let connection: WorkerConnection | undefined;
      let forget: () => void = () => {};
      const disconnect = () => {
        forget();
        const current = connection;
        connection = undefined;
        current?.close();
      };
      try {
        checkApiToken(call.metadata, context.apiToken);
        connection = engine.connectWorker(
          {
          send(item) {
            if (!streamIsOpen(call)) return false;
            try {
              call.write(workItemToPb(item));
              return true;
            } catch (error) {
              context.logError('GetWorkItems', error);
              return false;
            }
          },
          },
          workerOptionsFromPb(call.request),
        );
      } catch (error) {
        const failure = grpcFailureFor(error);
        if (failure.isUnexpected) context.logError('GetWorkItems', error);
        call.emit('error', { code: failure.code, details: failure.details });
        return;
      }
      if (call.cancelled) {
        disconnect();
        return;
      }
      forget = streams.add(() => {
        disconnect();
        if (streamIsOpen(call)) call.end();
      });
      call.on('cancelled', disconnect);
      call.on('error', disconnect);
      call.on('close', disconnect);
    },

    completeOrchestratorTask: unaryHandler(context, 'CompleteOrchestratorTask', (request: wire.WorkflowResponse) => {
      engine.completeOrchestratorTask(orchestratorResultFromPb(request));
      return {};
    }),

    // The newest protocol's name for the same call.
    completeWorkflowTask: unaryHandler(context, 'CompleteWorkflowTask', (request: wire.WorkflowResponse) => {
      engine.completeOrchestratorTask(orchestratorResultFromPb(request));
      return {};
    }),

    completeActivityTask: unaryHandler(context, 'CompleteActivityTask', (request: wire.ActivityResponse) => {
      engine.completeActivityTask(activityResultFromPb(request));
      return {};
    }),
  };
}
