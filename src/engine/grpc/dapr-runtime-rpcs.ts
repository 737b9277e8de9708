/**
 * Dapr's runtime service (`dapr.proto.runtime.v1.Dapr`) on the sidecar's gRPC port, as daprd
 * serves it beside the workflow protocol: GetMetadata and SetMetadata, and the workflow
 * methods (Alpha1 and Beta1 alike) for apps written against the SDKs' `DaprClient`. Each
 * decodes its request and calls the same workflow operation as the HTTP API. Every other
 * method of the service answers UNIMPLEMENTED, naming the method.
 */
import {
  status,
  type Server,
  type ServerDuplexStream,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import {
  daprRuntimeService,
  OTHER_DAPR_RUNTIME_METHODS,
  otherDaprRuntimeMethods,
  type EmptyMessage,
  type GetMetadataResponse,
  type GetWorkflowResponse,
  type RaiseEventWorkflowRequest,
  type SetMetadataRequest,
  type StartWorkflowRequest,
  type StartWorkflowResponse,
  type TimestampObject,
  type WorkflowInstanceRequest,
} from '../../protocol/dapr-runtime-service.js';
import type { WorkflowEngine } from '../engine.js';
import { setExtendedMetadata, sidecarMetadata } from '../sidecar-metadata.js';
import {
  checkWorkflowComponent,
  getWorkflow,
  pauseWorkflow,
  purgeWorkflow,
  raiseWorkflowEvent,
  resumeWorkflow,
  startWorkflow,
  terminateWorkflow,
} from '../workflow-operations.js';
import { checkApiToken } from './api-token.js';
import { answerWithError, unaryHandler, unimplementedHandler, type HandlerContext } from './unary-handler.js';

function timestampOf(ms: number): TimestampObject {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
}

/** Bytes as the API's payload text: daprd passes them on as a string. */
function utf8Text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** The handlers of one workflow method pair, keyed by the lower-camel names of both versions. */
function bothVersions(name: string, handler: UntypedServiceImplementation[string]): UntypedServiceImplementation {
  const key = name.charAt(0).toLowerCase() + name.slice(1);
  return { [`${key}Alpha1`]: handler, [`${key}Beta1`]: handler };
}

function workflowRpcs(engine: WorkflowEngine, context: HandlerContext): UntypedServiceImplementation {
  const empty = (): EmptyMessage => ({});
  return {
    ...bothVersions(
      'StartWorkflow',
      unaryHandler(context, 'StartWorkflow', (request: StartWorkflowRequest): StartWorkflowResponse => {
        checkWorkflowComponent(request.workflowComponent);
        const instanceId = startWorkflow(engine, {
          workflowName: request.workflowName,
          instanceId: request.instanceId,
          input: utf8Text(request.input),
          inputName: 'the workflow input',
          options: request.options,
        });
        return { instanceId };
      }),
    ),
    ...bothVersions(
      'GetWorkflow',
      unaryHandler(context, 'GetWorkflow', (request: WorkflowInstanceRequest): GetWorkflowResponse => {
        checkWorkflowComponent(request.workflowComponent);
        const view = getWorkflow(engine, request.instanceId);
        return {
          instanceId: view.instanceId,
          workflowName: view.workflowName,
          createdAt: timestampOf(view.createdAt),
          lastUpdatedAt: timestampOf(view.lastUpdatedAt),
          runtimeStatus: view.runtimeStatus,
          properties: view.properties,
        };
      }),
    ),
    ...bothVersions(
      'TerminateWorkflow',
      unaryHandler(context, 'TerminateWorkflow', (request: WorkflowInstanceRequest) => {
        checkWorkflowComponent(request.workflowComponent);
        terminateWorkflow(engine, request.instanceId);
        return empty();
      }),
    ),
    ...bothVersions(
      'PauseWorkflow',
      unaryHandler(context, 'PauseWorkflow', (request: WorkflowInstanceRequest) => {
        checkWorkflowComponent(request.workflowComponent);
        pauseWorkflow(engine, request.instanceId);
        return empty();
      }),
    ),
    ...bothVersions(
      'ResumeWorkflow',
      unaryHandler(context, 'ResumeWorkflow', (request: WorkflowInstanceRequest) => {
        checkWorkflowComponent(request.workflowComponent);
        resumeWorkflow(engine, request.instanceId);
        return empty();
      }),
    ),
    ...bothVersions(
      'RaiseEventWorkflow',
      unaryHandler(context, 'RaiseEventWorkflow', (request: RaiseEventWorkflowRequest) => {
        checkWorkflowComponent(request.workflowComponent);
        raiseWorkflowEvent(engine, request.instanceId, request.eventName, utf8Text(request.eventData), 'the event data');
        return empty();
      }),
    ),
    ...bothVersions(
      'PurgeWorkflow',
      unaryHandler(context, 'PurgeWorkflow', (request: WorkflowInstanceRequest) => {
        checkWorkflowComponent(request.workflowComponent);
        purgeWorkflow(engine, request.instanceId);
        return empty();
      }),
    ),
  };
}

function metadataRpcs(engine: WorkflowEngine, context: HandlerContext): UntypedServiceImplementation {
  return {
    getMetadata: unaryHandler(context, 'GetMetadata', (): GetMetadataResponse => {
      const metadata = sidecarMetadata(engine);
      return {
        id: metadata.id,
        runtimeVersion: metadata.runtimeVersion,
        extendedMetadata: metadata.extended,
        enabledFeatures: [],
        registeredComponents: [],
        appConnectionProperties: { port: 0, protocol: '', channelAddress: '', maxConcurrency: 0 },
        actorRuntime: { runtimeStatus: metadata.actorRuntimeStatus, hostReady: false, placement: '' },
        workflows: { connectedWorkers: metadata.connectedWorkers },
      };
    }),
    setMetadata: unaryHandler(context, 'SetMetadata', (request: SetMetadataRequest): EmptyMessage => {
      setExtendedMetadata(engine, request.key, request.value);
      return {};
    }),
  };
}

/** The sentence a refused method answers with. */
export function unsupportedMethodDetails(method: string): string {
  return `${method} is not supported by the embedded sidecar: of dapr.proto.runtime.v1.Dapr it serves only the workflow methods, GetMetadata and SetMetadata.`;
}

type AnyStream = ServerWritableStream<Buffer, Buffer> | ServerDuplexStream<Buffer, Buffer>;

/** Handlers that refuse every other method of the service by name (after the token check, like every call). */
function refusedRpcs(context: HandlerContext): UntypedServiceImplementation {
  const handlers: UntypedServiceImplementation = {};
  for (const [method, shape] of Object.entries(OTHER_DAPR_RUNTIME_METHODS)) {
    const key = method.charAt(0).toLowerCase() + method.slice(1);
    if (shape === 'unary') {
      handlers[key] = unimplementedHandler(context, method, unsupportedMethodDetails(method));
      continue;
    }
    handlers[key] = (call: AnyStream) => {
      try {
        checkApiToken(call.metadata, context.apiToken);
      } catch (error) {
        answerWithError(context, method, error, (failure) => call.emit('error', failure));
        return;
      }
      call.emit('error', { code: status.UNIMPLEMENTED, details: unsupportedMethodDetails(method) });
    };
  }
  return handlers;
}

/** Adds `dapr.proto.runtime.v1.Dapr` to the server: the served methods, and every other one refused by name. */
export function addDaprRuntimeService(server: Server, engine: WorkflowEngine, context: HandlerContext): void {
  server.addService(daprRuntimeService(), { ...metadataRpcs(engine, context), ...workflowRpcs(engine, context) });
  server.addService(otherDaprRuntimeMethods(), refusedRpcs(context));
}
