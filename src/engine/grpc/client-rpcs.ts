/**
 * The client side of `TaskHubSidecarService` (what `DaprWorkflowClient` and the console
 * call): each RPC decodes its request, makes one call on the engine and encodes the answer.
 * No semantics live here.
 */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { WorkflowEngine } from '../engine.js';
import {
  getInstanceResponseToPb,
  historyToPb,
  instanceQueryFromPb,
  instanceStateToPb,
  purgeCallFromPb,
  rerunRequestFromPb,
  startRequestFromPb,
  stringValue,
  textOf,
  type wire,
} from '../../protocol/index.js';
import { unaryHandler, type HandlerContext } from './unary-handler.js';

/** Handlers of the client RPCs, keyed as the service definition keys them. */
export function clientRpcs(engine: WorkflowEngine, context: HandlerContext): UntypedServiceImplementation {
  return {
    hello: unaryHandler(context, 'Hello', () => ({})),

    startInstance: unaryHandler(context, 'StartInstance', (request: wire.CreateInstanceRequest): wire.ICreateInstanceResponse => ({
      instanceId: engine.startInstance(startRequestFromPb(request)),
    })),

    getInstance: unaryHandler(context, 'GetInstance', (request: wire.GetInstanceRequest) =>
      getInstanceResponseToPb(engine.getInstance(request.instanceId, request.getInputsAndOutputs)),
    ),

    waitForInstanceStart: unaryHandler(context, 'WaitForInstanceStart', (request: wire.GetInstanceRequest, signal) =>
      engine.waitForStart(request.instanceId, signal, request.getInputsAndOutputs).then(getInstanceResponseToPb),
    ),

    waitForInstanceCompletion: unaryHandler(context, 'WaitForInstanceCompletion', (request: wire.GetInstanceRequest, signal) =>
      engine.waitForCompletion(request.instanceId, signal, request.getInputsAndOutputs).then(getInstanceResponseToPb),
    ),

    raiseEvent: unaryHandler(context, 'RaiseEvent', (request: wire.RaiseEventRequest) => {
      engine.raiseEvent(request.instanceId, request.name, textOf(request.input));
      return {};
    }),

    terminateInstance: unaryHandler(context, 'TerminateInstance', (request: wire.TerminateRequest) => {
      // proto3: an absent `recursive` reads false, and daprd then leaves children running.
      engine.terminate(request.instanceId, { output: textOf(request.output), recursive: request.recursive });
      return {};
    }),

    suspendInstance: unaryHandler(context, 'SuspendInstance', (request: wire.SuspendRequest) => {
      engine.suspend(request.instanceId, textOf(request.reason));
      return {};
    }),

    resumeInstance: unaryHandler(context, 'ResumeInstance', (request: wire.ResumeRequest) => {
      engine.resume(request.instanceId, textOf(request.reason));
      return {};
    }),

    queryInstances: unaryHandler(context, 'QueryInstances', (request: wire.QueryInstancesRequest): wire.IQueryInstancesResponse => {
      const page = engine.queryInstances(instanceQueryFromPb(request.query));
      return { workflowState: page.items.map(instanceStateToPb), continuationToken: stringValue(page.continuationToken) };
    }),

    purgeInstances: unaryHandler(context, 'PurgeInstances', (request: wire.PurgeInstancesRequest): wire.IPurgeInstancesResponse => {
      const call = purgeCallFromPb(request);
      const deletedInstanceCount =
        call.by === 'instance'
          ? engine.purgeInstance(call.instanceId, { recursive: call.recursive })
          : engine.purgeInstances(call.filter, { recursive: call.recursive });
      return { deletedInstanceCount, isComplete: { value: true } };
    }),

    rerunWorkflowFromEvent: unaryHandler(
      context,
      'RerunWorkflowFromEvent',
      (request: wire.RerunWorkflowFromEventRequest): wire.IRerunWorkflowFromEventResponse => ({
        newInstanceID: engine.rerunFromEvent(rerunRequestFromPb(request)),
      }),
    ),

    listInstanceIDs: unaryHandler(context, 'ListInstanceIDs', (request: wire.ListInstanceIDsRequest): wire.IListInstanceIDsResponse => {
      const page = engine.listInstanceIds(request.pageSize || undefined, request.continuationToken || undefined);
      return { instanceIds: [...page.items], ...(page.continuationToken !== undefined && { continuationToken: page.continuationToken }) };
    }),

    getInstanceHistory: unaryHandler(context, 'GetInstanceHistory', (request: wire.GetInstanceHistoryRequest): wire.IGetInstanceHistoryResponse => ({
      events: historyToPb(engine.getHistory(request.instanceId), request.instanceId),
    })),
  };
}
