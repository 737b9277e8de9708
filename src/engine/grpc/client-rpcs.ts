/**
 * The client side of `TaskHubSidecarService` (what `DaprWorkflowClient` and the console
 * call): each RPC decodes its request, makes one call on the engine and encodes the answer.
 * No semantics live here.
 */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { WorkflowEngine } from '../engine.js';
import { InvalidArgumentError } from '../../model/index.js';
import {
  Empty,
  getInstanceResponseToPb,
  historyToPb,
  instanceQueryFromPb,
  instanceStateToPb,
  pb,
  purgeFilterFromPb,
  startRequestFromPb,
  stringValue,
  textOf,
  type GetInstanceHistoryRequest,
  type GetInstanceHistoryResponse,
  type ListInstanceIdsRequest,
  type ListInstanceIdsResponse,
} from '../../protocol/index.js';
import { unaryHandler, type HandlerContext } from './unary-handler.js';

/** Handlers of the client RPCs of the SDK's service, keyed as the SDK's service definition keys them. */
export function clientRpcs(engine: WorkflowEngine, context: HandlerContext): UntypedServiceImplementation {
  return {
    hello: unaryHandler(context, 'Hello', () => new Empty()),

    startInstance: unaryHandler(context, 'StartInstance', (request: pb.CreateInstanceRequest) => {
      const response = new pb.CreateInstanceResponse();
      response.setInstanceid(engine.startInstance(startRequestFromPb(request)));
      return response;
    }),

    getInstance: unaryHandler(context, 'GetInstance', (request: pb.GetInstanceRequest) =>
      getInstanceResponseToPb(engine.getInstance(request.getInstanceid(), request.getGetinputsandoutputs())),
    ),

    waitForInstanceStart: unaryHandler(context, 'WaitForInstanceStart', async (request: pb.GetInstanceRequest, signal) =>
      getInstanceResponseToPb(await engine.waitForStart(request.getInstanceid(), signal, request.getGetinputsandoutputs())),
    ),

    waitForInstanceCompletion: unaryHandler(
      context,
      'WaitForInstanceCompletion',
      async (request: pb.GetInstanceRequest, signal) =>
        getInstanceResponseToPb(
          await engine.waitForCompletion(request.getInstanceid(), signal, request.getGetinputsandoutputs()),
        ),
    ),

    raiseEvent: unaryHandler(context, 'RaiseEvent', (request: pb.RaiseEventRequest) => {
      engine.raiseEvent(request.getInstanceid(), request.getName(), textOf(request.getInput()));
      return new pb.RaiseEventResponse();
    }),

    terminateInstance: unaryHandler(context, 'TerminateInstance', (request: pb.TerminateRequest) => {
      // The SDK's message has no `recursive` field: the engine's default (recursive) applies.
      engine.terminate(request.getInstanceid(), { output: textOf(request.getOutput()) });
      return new pb.TerminateResponse();
    }),

    suspendInstance: unaryHandler(context, 'SuspendInstance', (request: pb.SuspendRequest) => {
      engine.suspend(request.getInstanceid(), textOf(request.getReason()));
      return new pb.SuspendResponse();
    }),

    resumeInstance: unaryHandler(context, 'ResumeInstance', (request: pb.ResumeRequest) => {
      engine.resume(request.getInstanceid(), textOf(request.getReason()));
      return new pb.ResumeResponse();
    }),

    queryInstances: unaryHandler(context, 'QueryInstances', (request: pb.QueryInstancesRequest) => {
      const page = engine.queryInstances(instanceQueryFromPb(request.getQuery()));
      const response = new pb.QueryInstancesResponse();
      response.setOrchestrationstateList(page.items.map(instanceStateToPb));
      response.setContinuationtoken(stringValue(page.continuationToken));
      return response;
    }),

    purgeInstances: unaryHandler(context, 'PurgeInstances', (request: pb.PurgeInstancesRequest) => {
      const response = new pb.PurgeInstancesResponse();
      switch (request.getRequestCase()) {
        case pb.PurgeInstancesRequest.RequestCase.INSTANCEID:
          response.setDeletedinstancecount(engine.purgeInstance(request.getInstanceid()));
          return response;
        case pb.PurgeInstancesRequest.RequestCase.PURGEINSTANCEFILTER:
          response.setDeletedinstancecount(engine.purgeInstances(purgeFilterFromPb(request.getPurgeinstancefilter()!)));
          return response;
        default:
          throw new InvalidArgumentError('A purge needs either an instance ID or a filter.');
      }
    }),
  };
}

/** Handlers of Dapr 1.17's ListInstanceIDs and GetInstanceHistory, keyed as listAndHistoryService keys them. */
export function listAndHistoryRpcs(engine: WorkflowEngine, context: HandlerContext): UntypedServiceImplementation {
  return {
    listInstanceIds: unaryHandler(context, 'ListInstanceIDs', (request: ListInstanceIdsRequest): ListInstanceIdsResponse => {
      const page = engine.listInstanceIds(request.pageSize || undefined, request.continuationToken || undefined);
      return { instanceIds: page.items, ...(page.continuationToken !== undefined && { continuationToken: page.continuationToken }) };
    }),

    getInstanceHistory: unaryHandler(
      context,
      'GetInstanceHistory',
      (request: GetInstanceHistoryRequest): GetInstanceHistoryResponse => ({
        events: historyToPb(engine.getHistory(request.instanceId), request.instanceId),
      }),
    ),
  };
}
