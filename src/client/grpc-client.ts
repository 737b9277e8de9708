/**
 * The console's connection to a sidecar (the embedded one or a real daprd) over the Durable
 * Task gRPC protocol. Everything the official SDK's DaprWorkflowClient offers goes through
 * it unchanged (start, get, suspend, resume, terminate, purge, raise event, wait); the two
 * Dapr 1.17 RPCs it lacks (ListInstanceIDs, GetInstanceHistory), purging by filter and
 * suspend/resume with a reason use raw calls with the protocol's method definitions. Both
 * share one channel and one interceptor (API token, deadlines, cancellation), and every
 * failure becomes a typed error of ./errors.ts.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { WorkflowState } from '@dapr/dapr';
// The SDK's own class, imported from its module file: the package index also loads the
// SDK's HTTP client and server, which would double a verb's start-up time.
import daprWorkflowClientModule from '@dapr/dapr/workflow/client/DaprWorkflowClient.js';
import type { SidecarTarget } from './sidecar-address.js';
import {
  getInstanceHistoryMethod,
  historyFromPb,
  instanceStateFromPb,
  listInstanceIdsMethod,
  rerunWorkflowFromEventMethod,
  runtimeStatusFromPb,
  runtimeStatusToPb,
  sidecarMethod,
  stringValue,
  timestampFromMs,
  wire,
} from '../protocol/index.js';
import { InstanceNotFoundError, SidecarError, WaitTimeoutError } from './errors.js';
import { isGrpcError, sidecarErrorFromGrpc } from './grpc-error-mapping.js';
import { parseJsonPayload } from './json-payload.js';
import { DEFAULT_CALL_DEADLINE_MS, SidecarChannel } from './sidecar-channel.js';
import type { HistoryEvent, RerunRequest, RuntimeStatus, SidecarClient, StartOptions, WorkflowInstance } from './types.js';

/** Which finished instances a purge by filter removes. */
export interface PurgeCriteria {
  /** Only instances created before this time. */
  readonly createdBefore?: Date;
  /** Only instances created at or after this time. */
  readonly createdAfter?: Date;
  /** Only instances in these statuses (the sidecar purges terminal ones only). */
  readonly statuses?: readonly RuntimeStatus[];
}

/** A SidecarClient with the extra calls the command-line verbs need. */
export interface SidecarConnection extends SidecarClient {
  /** Where it connects, as resolved from flags and environment. */
  readonly target: SidecarTarget;
  /** Every instance with its state (ListInstanceIDs, then get for each); instances that vanish meanwhile are left out. */
  listInstances(includePayloads: boolean): Promise<WorkflowInstance[]>;
  /** Every instance's state without payloads (QueryInstances); UnsupportedBySidecarError on daprd. */
  queryInstances(): Promise<WorkflowInstance[]>;
  /** Purges every finished instance matching the criteria; resolves to how many were removed. */
  purgeWhere(criteria: PurgeCriteria): Promise<number>;
}

const DaprWorkflowClient = daprWorkflowClientModule.default;
type DaprWorkflowClient = InstanceType<typeof DaprWorkflowClient>;

/** Instance states asked for per QueryInstances page. */
const QUERY_PAGE_SIZE = 1000;

/** The console's view of a protocol WorkflowState. */
function workflowInstanceFromPb(message: wire.IWorkflowState): WorkflowInstance {
  const {
    executionId: _executionId,
    scheduledStartAt: _scheduledStartAt,
    parentInstanceId: _parent,
    completedAt: _completedAt,
    ...state
  } = instanceStateFromPb(message);
  return state;
}

/** The RPCs the client calls raw (the SDK's stubs lack them or their newer fields). */
const METHODS = {
  startInstance: sidecarMethod('StartInstance'),
  getInstance: sidecarMethod('GetInstance'),
  queryInstances: sidecarMethod('QueryInstances'),
  suspendInstance: sidecarMethod('SuspendInstance'),
  resumeInstance: sidecarMethod('ResumeInstance'),
  terminateInstance: sidecarMethod('TerminateInstance'),
  purgeInstances: sidecarMethod('PurgeInstances'),
};

/** How many get-state calls listInstances runs at once. */
const LIST_CONCURRENCY = 8;
/** Instance IDs asked for per ListInstanceIDs page. */
const LIST_PAGE_SIZE = 500;
/** A purge by filter may remove many instances: it gets longer than ordinary calls. */
const PURGE_BY_FILTER_DEADLINE_MS = 60_000;
/** A bound on ListInstanceIDs pages, against a sidecar that never stops paging. */
const MAX_LIST_PAGES = 10_000;

function abortErrorOf(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The wait was cancelled.', 'AbortError');
}

function hostAndPort(address: string): { host: string; port: string } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at), port: address.slice(at + 1) };
}

/** Converts the SDK's view of an instance into the console's. */
function instanceFromSdk(state: WorkflowState, includePayloads: boolean): WorkflowInstance {
  const failure = state.workflowFailureDetails;
  return {
    instanceId: state.instanceId,
    name: state.name,
    status: runtimeStatusFromPb(state.runtimeStatus as number),
    createdAt: state.createdAt.getTime(),
    lastUpdatedAt: state.lastUpdatedAt.getTime(),
    ...(includePayloads
      ? {
          input: state.serializedInput || undefined,
          output: state.serializedOutput || undefined,
          customStatus: state.customStatus || undefined,
        }
      : {}),
    ...(failure
      ? {
          failure: {
            errorType: failure.getErrorType(),
            errorMessage: failure.getErrorMessage(),
            ...(failure.getStackTrace() ? { stackTrace: failure.getStackTrace() } : {}),
          },
        }
      : {}),
  };
}

class GrpcSidecarConnection implements SidecarConnection {
  readonly address: string;
  private readonly channel: SidecarChannel;
  private readonly workflows: DaprWorkflowClient;
  private readonly raw: grpc.Client;

  constructor(
    readonly target: SidecarTarget,
    private readonly callTimeoutMs: number,
  ) {
    this.address = target.address;
    this.channel = new SidecarChannel(target, callTimeoutMs);
    const clientOptions = { channelOverride: this.channel.channel, interceptors: [this.channel.interceptor] };
    const { host, port } = hostAndPort(target.address);
    // The SDK passes grpcOptions on to its generated client, so it rides on our channel.
    this.workflows = new DaprWorkflowClient({
      daprHost: host,
      daprPort: port,
      daprApiToken: '',
      grpcOptions: clientOptions as grpc.ChannelOptions,
    });
    this.raw = new grpc.Client(target.address, grpc.credentials.createInsecure(), clientOptions);
  }

  /** Runs one call, mapping its failure to a typed error. */
  private async call<T>(method: string, run: () => Promise<T>, deadlineMs = this.callTimeoutMs): Promise<T> {
    if (this.channel.isClosed) throw new SidecarError(`The connection to the sidecar at ${this.address} is closed.`);
    try {
      return await run();
    } catch (error) {
      throw sidecarErrorFromGrpc(error, { address: this.address, method, deadlineMs });
    }
  }

  /** One unary call with a method definition, on the shared channel (default deadline unless `deadlineMs` is given). */
  private unary<Req, Res>(definition: grpc.MethodDefinition<Req, Res>, request: Req, deadlineMs?: number): Promise<Res> {
    return new Promise((resolve, reject) => {
      this.raw.makeUnaryRequest(
        definition.path,
        definition.requestSerialize,
        definition.responseDeserialize,
        request,
        new grpc.Metadata(),
        deadlineMs === undefined ? {} : { deadline: Date.now() + deadlineMs },
        (error, response) => (error ? reject(error) : resolve(response as Res)),
      );
    });
  }

  async start(workflowName: string, options: StartOptions = {}): Promise<string> {
    const input = options.input === undefined ? undefined : parseJsonPayload(options.input, 'The input');
    if (options.version === undefined && options.tags === undefined) {
      return this.call('StartInstance', () =>
        this.workflows.scheduleNewWorkflow(workflowName, input, options.instanceId || undefined, options.startAt),
      );
    }
    // The SDK's stubs know neither version nor tags: the same call, raw.
    const request: wire.ICreateInstanceRequest = {
      name: workflowName,
      instanceId: options.instanceId || randomUUID(),
      input: stringValue(options.input),
      scheduledStartTimestamp: options.startAt ? timestampFromMs(options.startAt.getTime()) : null,
      version: stringValue(options.version),
      tags: options.tags ? { ...options.tags } : null,
    };
    const response = await this.call('StartInstance', () => this.unary<wire.ICreateInstanceRequest, wire.CreateInstanceResponse>(METHODS.startInstance, request));
    return response.instanceId;
  }

  async get(instanceId: string, includePayloads: boolean): Promise<WorkflowInstance | undefined> {
    // Raw, not through the SDK: its stubs drop version and tags and cannot read every status.
    const request: wire.IGetInstanceRequest = { instanceId, getInputsAndOutputs: includePayloads };
    const response = await this.call('GetInstance', () => this.unary<wire.IGetInstanceRequest, wire.GetInstanceResponse>(METHODS.getInstance, request));
    if (!response.exists || !response.workflowState) return undefined;
    const instance = workflowInstanceFromPb(response.workflowState);
    if (includePayloads) return instance;
    const { input: _input, output: _output, customStatus: _customStatus, ...withoutPayloads } = instance;
    return withoutPayloads;
  }

  async rerunWorkflowFromEvent(request: RerunRequest): Promise<string> {
    const message: wire.IRerunWorkflowFromEventRequest = {
      sourceInstanceID: request.sourceInstanceId,
      eventID: request.eventId,
      newInstanceID: request.newInstanceId || null,
      input: request.input === undefined ? null : stringValue(request.input),
      overwriteInput: request.overwriteInput ?? request.input !== undefined,
    };
    if (request.input !== undefined) parseJsonPayload(request.input, 'The new input');
    const response = await this.call('RerunWorkflowFromEvent', () =>
      this.unary<wire.IRerunWorkflowFromEventRequest, wire.RerunWorkflowFromEventResponse>(rerunWorkflowFromEventMethod, message),
    );
    return response.newInstanceID;
  }

  async queryInstances(): Promise<WorkflowInstance[]> {
    const found: WorkflowInstance[] = [];
    const seenTokens = new Set<string>();
    let continuationToken: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
      const request: wire.IQueryInstancesRequest = {
        query: { maxInstanceCount: QUERY_PAGE_SIZE, fetchInputsAndOutputs: false, continuationToken: stringValue(continuationToken) ?? null },
      };
      const response = await this.call('QueryInstances', () =>
        this.unary<wire.IQueryInstancesRequest, wire.QueryInstancesResponse>(METHODS.queryInstances, request),
      );
      for (const message of response.workflowState) found.push(workflowInstanceFromPb(message));
      continuationToken = response.continuationToken?.value || undefined;
      if (continuationToken === undefined || seenTokens.has(continuationToken)) break;
      seenTokens.add(continuationToken);
    }
    return found;
  }

  async listInstanceIds(): Promise<string[]> {
    const ids: string[] = [];
    const seenTokens = new Set<string>();
    let continuationToken: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
      const response = await this.call('ListInstanceIDs', () =>
        this.unary<wire.IListInstanceIDsRequest, wire.ListInstanceIDsResponse>(listInstanceIdsMethod, {
          pageSize: LIST_PAGE_SIZE,
          continuationToken: continuationToken ?? null,
        }),
      );
      ids.push(...response.instanceIds);
      continuationToken = response.continuationToken || undefined;
      if (continuationToken === undefined || seenTokens.has(continuationToken)) break;
      seenTokens.add(continuationToken);
    }
    return ids;
  }

  async listInstances(includePayloads: boolean): Promise<WorkflowInstance[]> {
    const ids = await this.listInstanceIds();
    const found: (WorkflowInstance | undefined)[] = new Array(ids.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const index = next;
        next += 1;
        found[index] = await this.get(ids[index]!, includePayloads);
      }
    };
    await Promise.all(Array.from({ length: Math.min(LIST_CONCURRENCY, ids.length) }, worker));
    return found.filter((instance): instance is WorkflowInstance => instance !== undefined);
  }

  async history(instanceId: string): Promise<HistoryEvent[]> {
    const response = await this.call('GetInstanceHistory', () =>
      this.unary<wire.IGetInstanceHistoryRequest, wire.GetInstanceHistoryResponse>(getInstanceHistoryMethod, { instanceId }),
    );
    return historyFromPb(response.events as wire.HistoryEvent[]);
  }

  async suspend(instanceId: string, reason?: string): Promise<void> {
    if (!reason) {
      await this.call('SuspendInstance', () => this.workflows.suspendWorkflow(instanceId));
      return;
    }
    await this.call('SuspendInstance', () => this.unary(METHODS.suspendInstance, { instanceId, reason: stringValue(reason) }));
  }

  async resume(instanceId: string, reason?: string): Promise<void> {
    if (!reason) {
      await this.call('ResumeInstance', () => this.workflows.resumeWorkflow(instanceId));
      return;
    }
    await this.call('ResumeInstance', () => this.unary(METHODS.resumeInstance, { instanceId, reason: stringValue(reason) }));
  }

  async terminate(instanceId: string, output?: string): Promise<void> {
    if (output !== undefined) parseJsonPayload(output, 'The output');
    // Recursive, as the Python, Go and Java SDKs terminate by default (the JS SDK 3.18 cannot ask).
    const request: wire.ITerminateRequest = { instanceId, output: stringValue(output) ?? null, recursive: true };
    await this.call('TerminateInstance', () => this.unary(METHODS.terminateInstance, request));
  }

  async purge(instanceId: string): Promise<void> {
    // Recursive, as the Python, Go and Java SDKs purge by default.
    const request: wire.IPurgeInstancesRequest = { instanceId, recursive: true };
    const response = await this.call('PurgeInstances', () =>
      this.unary<wire.IPurgeInstancesRequest, wire.PurgeInstancesResponse>(METHODS.purgeInstances, request),
    );
    if (response.deletedInstanceCount === 0) {
      throw new InstanceNotFoundError(`No finished instance with ID ${instanceId} was purged: the sidecar found none.`);
    }
  }

  async purgeWhere(criteria: PurgeCriteria): Promise<number> {
    const request: wire.IPurgeInstancesRequest = {
      purgeInstanceFilter: {
        createdTimeFrom: criteria.createdAfter ? timestampFromMs(criteria.createdAfter.getTime()) : null,
        createdTimeTo: criteria.createdBefore ? timestampFromMs(criteria.createdBefore.getTime()) : null,
        runtimeStatus: (criteria.statuses ?? []).map(runtimeStatusToPb),
      },
    };
    const response = await this.call(
      'PurgeInstances',
      () => this.unary<wire.IPurgeInstancesRequest, wire.PurgeInstancesResponse>(METHODS.purgeInstances, request, PURGE_BY_FILTER_DEADLINE_MS),
      PURGE_BY_FILTER_DEADLINE_MS,
    );
    return response.deletedInstanceCount;
  }

  async raiseEvent(instanceId: string, eventName: string, payload?: string): Promise<void> {
    const value = payload === undefined ? undefined : parseJsonPayload(payload, 'The event payload');
    await this.call('RaiseEvent', () => this.workflows.raiseEvent(instanceId, eventName, value));
  }

  async waitForCompletion(instanceId: string, timeoutMs: number, signal?: AbortSignal): Promise<WorkflowInstance> {
    if (signal?.aborted) throw abortErrorOf(signal);
    if (this.channel.isClosed) throw new SidecarError(`The connection to the sidecar at ${this.address} is closed.`);
    // The SDK's own timer is only a backstop: the call's deadline ends the wait on time.
    const sdkTimeoutSeconds = Math.ceil(timeoutMs / 1000) + 5;
    const { result, call } = this.channel.startWithDeadline(Date.now() + timeoutMs, () =>
      this.workflows.waitForWorkflowCompletion(instanceId, true, sdkTimeoutSeconds),
    );
    const onAbort = (): void => call?.cancelWithStatus(grpc.status.CANCELLED, 'The wait was cancelled.');
    signal?.addEventListener('abort', onAbort, { once: true });
    let state: WorkflowState | undefined;
    try {
      state = await result;
    } catch (error) {
      if (signal?.aborted) throw abortErrorOf(signal);
      if ((isGrpcError(error) && error.code === grpc.status.DEADLINE_EXCEEDED) || (error instanceof Error && error.message === 'TimeoutError')) {
        throw new WaitTimeoutError(
          `Instance ${instanceId} did not finish within ${Math.round(timeoutMs / 100) / 10} seconds.`,
        );
      }
      throw sidecarErrorFromGrpc(error, { address: this.address, method: 'WaitForInstanceCompletion' });
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (state === undefined) throw new InstanceNotFoundError(`No workflow instance with ID ${instanceId} exists.`);
    return instanceFromSdk(state, true);
  }

  async close(): Promise<void> {
    this.channel.close();
  }
}

/** Options of connectSidecar. */
export interface ConnectOptions {
  /** How long an ordinary call may take before it fails with SidecarUnreachableError (default 5 s). */
  readonly callTimeoutMs?: number;
}

/**
 * Connects to the sidecar at `target`. Nothing is sent until the first call; a sidecar that
 * does not answer makes that call fail within seconds with SidecarUnreachableError.
 */
export function connectSidecar(target: SidecarTarget, options: ConnectOptions = {}): SidecarConnection {
  return new GrpcSidecarConnection(target, options.callTimeoutMs ?? DEFAULT_CALL_DEADLINE_MS);
}

