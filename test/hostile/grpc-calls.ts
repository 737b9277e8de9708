/**
 * Raw gRPC calls to the embedded sidecar with the protocol's own messages, for input the SDK
 * would never send (payloads that are not JSON, any instance ID or name) and for the
 * security tests (calls with no, a wrong or the right API token). The channel accepts
 * messages as large as the SDK's does (128 MiB), so a 4 MiB payload can be read back.
 */
import assert from 'node:assert/strict';
import { credentials, Metadata, type MethodDefinition, type ServiceError } from '@grpc/grpc-js';
import { stringValue, timestampFromMs } from '../../src/protocol/index.js';
import { pb, sdkStringValue, sdkTimestamp, TaskHubSidecarServiceClient, TaskHubSidecarServiceService } from '../helpers/sdk-proto.js';

/** A raw caller on its own channel. */
export interface RawGrpc {
  /** Calls a unary RPC; rejects with the gRPC ServiceError. `apiToken` is sent as dapr-api-token when given. */
  call<Request, Response>(method: MethodDefinition<Request, Response>, request: Request, apiToken?: string): Promise<Response>;
  close(): void;
}

/** Opens a raw caller to `address` (`127.0.0.1:PORT`). */
export function rawGrpc(address: string): RawGrpc {
  const client = new TaskHubSidecarServiceClient(address, credentials.createInsecure(), {
    'grpc.max_receive_message_length': 128 * 1024 * 1024,
    'grpc.max_send_message_length': 128 * 1024 * 1024,
  });
  return {
    call(method, request, apiToken) {
      const metadata = new Metadata();
      if (apiToken !== undefined) metadata.set('dapr-api-token', apiToken);
      return new Promise((resolve, reject) => {
        client.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, request, metadata, { deadline: Date.now() + 15_000 }, (error: ServiceError | null, response?: unknown) => {
          if (error) reject(error);
          else resolve(response as never);
        });
      });
    },
    close: () => client.close(),
  };
}

/** Awaits a call that must fail; returns its ServiceError. */
export async function grpcRejection(call: Promise<unknown>): Promise<ServiceError> {
  try {
    await call;
  } catch (error) {
    assert.equal(typeof (error as ServiceError).code, 'number', `a gRPC error, got ${String(error)}`);
    return error as ServiceError;
  }
  assert.fail('the call succeeded but had to fail');
}

/** A StartInstance request; `scheduledAt` keeps the instance PENDING (never dispatched) until then. */
export function startRequest(fields: { name: string; instanceId?: string; input?: string; scheduledAt?: number }): pb.CreateInstanceRequest {
  const request = new pb.CreateInstanceRequest();
  request.setName(fields.name);
  if (fields.instanceId !== undefined) request.setInstanceid(fields.instanceId);
  if (fields.input !== undefined) request.setInput(sdkStringValue(fields.input));
  if (fields.scheduledAt !== undefined) request.setScheduledstarttimestamp(sdkTimestamp(fields.scheduledAt));
  return request;
}

/** An instance as GetInstance returns it, flattened; undefined when the sidecar says it does not exist. */
export interface RawState {
  readonly name: string;
  readonly status: number;
  readonly input?: string;
  readonly output?: string;
  readonly customStatus?: string;
  readonly failureMessage?: string;
}

/** GetInstance with payloads. */
export async function rawState(grpc: RawGrpc, instanceId: string, apiToken?: string): Promise<RawState | undefined> {
  const request = new pb.GetInstanceRequest();
  request.setInstanceid(instanceId);
  request.setGetinputsandoutputs(true);
  const response = await grpc.call(TaskHubSidecarServiceService.getInstance, request, apiToken);
  const state = response.getOrchestrationstate();
  if (!response.getExists() || !state) return undefined;
  return {
    name: state.getName(),
    status: state.getOrchestrationstatus(),
    input: state.getInput()?.getValue(),
    output: state.getOutput()?.getValue(),
    customStatus: state.getCustomstatus()?.getValue(),
    failureMessage: state.getFailuredetails()?.getErrormessage(),
  };
}

/** The protocol's status numbers by name. */
export const STATUS = pb.OrchestrationStatus;
