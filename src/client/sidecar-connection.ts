/**
 * The connection to a sidecar (the embedded one or a real daprd) over the Durable Task gRPC
 * protocol: every call of SidecarClient, and the extra ones the verbs need, as unary calls
 * with the protocol's own messages (version, tags, reasons and every status included, which
 * the JS SDK's stubs lack), through whichever transport the caller chose (./unary-transport.ts).
 * Every failure becomes a typed error of ./errors.ts.
 */
import { randomUUID } from 'node:crypto';
import { Status } from '@grpc/grpc-js/build/src/constants.js';
import type { InstanceState } from '../model/index.js';
import type { SidecarTarget } from './sidecar-address.js';
import {
  getInstanceHistoryMethod,
  historyFromPb,
  instanceStateFromPb,
  listInstanceIdsMethod,
  readInstanceChangesMethod,
  rerunWorkflowFromEventMethod,
  runtimeStatusToPb,
  sidecarMethod,
  stringValue,
  timestampFromMs,
  wire,
} from '../protocol/index.js';
import { ConflictError, InstanceNotFoundError, SidecarError, UnsupportedBySidecarError, WaitTimeoutError } from './errors.js';
import { isGrpcError, sidecarErrorFromGrpc } from './grpc-error-mapping.js';
import { parseJsonPayload } from './json-payload.js';
import type { UnaryMethod, UnaryTransport } from './unary-transport.js';
import type {
  ChangesPage,
  HistoryEvent,
  InstanceListQuery,
  Page,
  RerunRequest,
  RuntimeStatus,
  SidecarClient,
  StartOptions,
  WorkflowInstance,
} from './types.js';

/** Which instances `listInstances` returns. */
export interface ListFilter extends InstanceListQuery {
  /** Only instances of this workflow. */
  readonly name?: string;
  /** At most this many (the newest). */
  readonly limit?: number;
}

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
  /**
   * The instances matching `filter`, newest first: read in pages with QueryInstances where
   * the sidecar serves it, else with ListInstanceIDs and a bounded number of gets at once
   * (instances that vanish meanwhile are left out).
   */
  listInstances(filter?: ListFilter): Promise<WorkflowInstance[]>;
  /** Every instance's state without payloads (QueryInstances); UnsupportedBySidecarError on daprd. */
  queryInstances(): Promise<WorkflowInstance[]>;
  /** One page of QueryInstances; UnsupportedBySidecarError on daprd. */
  queryInstancesPage(query: InstanceListQuery, continuationToken?: string): Promise<Page<WorkflowInstance>>;
  /** The embedded sidecar's change feed; UnsupportedBySidecarError elsewhere. */
  readChanges(cursor: string | undefined, maxChanges?: number): Promise<ChangesPage<WorkflowInstance>>;
  /** Purges every finished instance matching the criteria; resolves to how many were removed. */
  purgeWhere(criteria: PurgeCriteria): Promise<number>;
}

/** Instance states asked for per QueryInstances page. */
const QUERY_PAGE_SIZE = 1000;

/** The console's view of an instance's state: the model's, less what the console never shows. */
function workflowInstanceOf(state: InstanceState): WorkflowInstance {
  const { executionId: _executionId, scheduledStartAt: _scheduledStartAt, parentInstanceId: _parent, completedAt: _completedAt, ...shown } = state;
  return shown;
}

/** The console's view of a protocol WorkflowState. */
function workflowInstanceFromPb(message: wire.IWorkflowState): WorkflowInstance {
  return workflowInstanceOf(instanceStateFromPb(message));
}

/** The RPCs the connection calls (the protocol's own messages, newer fields included). */
const METHODS = {
  startInstance: sidecarMethod('StartInstance'),
  getInstance: sidecarMethod('GetInstance'),
  waitForInstanceCompletion: sidecarMethod('WaitForInstanceCompletion'),
  raiseEvent: sidecarMethod('RaiseEvent'),
  queryInstances: sidecarMethod('QueryInstances'),
  suspendInstance: sidecarMethod('SuspendInstance'),
  resumeInstance: sidecarMethod('ResumeInstance'),
  terminateInstance: sidecarMethod('TerminateInstance'),
  purgeInstances: sidecarMethod('PurgeInstances'),
};

/** How many get-state calls listInstances runs at once. */
const LIST_CONCURRENCY = 16;
/** Changes asked for per change-feed read. */
const CHANGES_PAGE_SIZE = 1000;
/** Instance IDs asked for per ListInstanceIDs page. */
const LIST_PAGE_SIZE = 500;
/** A purge by filter may remove many instances: it gets longer than ordinary calls. */
const PURGE_BY_FILTER_DEADLINE_MS = 60_000;
/** A bound on ListInstanceIDs pages, against a sidecar that never stops paging. */
const MAX_LIST_PAGES = 10_000;

function abortErrorOf(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The wait was cancelled.', 'AbortError');
}

/** A SidecarConnection whose calls go through a UnaryTransport. */
class TransportSidecarConnection implements SidecarConnection {
  readonly address: string;

  constructor(
    readonly target: SidecarTarget,
    private readonly transport: UnaryTransport,
    private readonly callTimeoutMs: number,
  ) {
    this.address = target.address;
  }

  /** Runs one call, mapping its failure to a typed error. */
  private async call<T>(method: string, run: () => Promise<T>, deadlineMs = this.callTimeoutMs, instanceId?: string): Promise<T> {
    if (this.transport.isClosed) throw this.closedError();
    try {
      return await run();
    } catch (error) {
      if (this.transport.isClosed) throw this.closedError();
      throw sidecarErrorFromGrpc(error, { address: this.address, method, deadlineMs, instanceId });
    }
  }

  /** Runs one call about one instance (its ID names the instance in daprd's generic refusals). */
  private callFor<T>(instanceId: string, method: string, run: () => Promise<T>): Promise<T> {
    return this.call(method, run, this.callTimeoutMs, instanceId);
  }

  private closedError(): SidecarError {
    return new SidecarError(`The connection to the sidecar at ${this.address} is closed.`);
  }

  /** One unary call, with the ordinary deadline unless `deadlineMs` is given. */
  private unary<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, deadlineMs = this.callTimeoutMs): Promise<Res> {
    return this.transport.call(method, request, { deadline: Date.now() + deadlineMs });
  }

  async start(workflowName: string, options: StartOptions = {}): Promise<string> {
    if (options.input !== undefined) parseJsonPayload(options.input, 'The input');
    const request: wire.ICreateInstanceRequest = {
      name: workflowName,
      instanceId: options.instanceId || randomUUID(),
      input: stringValue(options.input),
      scheduledStartTimestamp: options.startAt ? timestampFromMs(options.startAt.getTime()) : null,
      version: stringValue(options.version),
      tags: options.tags ? { ...options.tags } : null,
    };
    const response = await this.callFor(request.instanceId!, 'StartInstance', () =>
      this.unary<wire.ICreateInstanceRequest, wire.CreateInstanceResponse>(METHODS.startInstance, request),
    );
    return response.instanceId;
  }

  async get(instanceId: string, includePayloads: boolean): Promise<WorkflowInstance | undefined> {
    const request: wire.IGetInstanceRequest = { instanceId, getInputsAndOutputs: includePayloads };
    const response = await this.callFor(instanceId, 'GetInstance', () => this.unary<wire.IGetInstanceRequest, wire.GetInstanceResponse>(METHODS.getInstance, request));
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
    const response = await this.callFor(request.sourceInstanceId, 'RerunWorkflowFromEvent', () =>
      this.unary<wire.IRerunWorkflowFromEventRequest, wire.RerunWorkflowFromEventResponse>(rerunWorkflowFromEventMethod, message),
    );
    return response.newInstanceID;
  }

  async queryInstancesPage(query: InstanceListQuery, continuationToken?: string): Promise<Page<WorkflowInstance>> {
    const request: wire.IQueryInstancesRequest = {
      query: {
        maxInstanceCount: query.pageSize ?? QUERY_PAGE_SIZE,
        fetchInputsAndOutputs: query.includePayloads ?? false,
        runtimeStatus: (query.statuses ?? []).map(runtimeStatusToPb),
        createdTimeFrom: query.createdFrom === undefined ? null : timestampFromMs(query.createdFrom),
        continuationToken: stringValue(continuationToken) ?? null,
      },
    };
    const response = await this.call('QueryInstances', () =>
      this.unary<wire.IQueryInstancesRequest, wire.QueryInstancesResponse>(METHODS.queryInstances, request),
    );
    const next = response.continuationToken?.value || undefined;
    return {
      items: response.workflowState.map(workflowInstanceFromPb),
      ...(next !== undefined && next !== continuationToken && { continuationToken: next }),
    };
  }

  async queryInstances(): Promise<WorkflowInstance[]> {
    const found: WorkflowInstance[] = [];
    for await (const page of this.queryPages({})) found.push(...page);
    return found;
  }

  /** Every page of QueryInstances for `query`, in order (bounded against a sidecar that never stops paging). */
  private async *queryPages(query: InstanceListQuery): AsyncGenerator<readonly WorkflowInstance[]> {
    const seenTokens = new Set<string>();
    let continuationToken: string | undefined;
    for (let page = 0; page < MAX_LIST_PAGES; page += 1) {
      const result = await this.queryInstancesPage(query, continuationToken);
      yield result.items;
      continuationToken = result.continuationToken;
      if (continuationToken === undefined || seenTokens.has(continuationToken)) return;
      seenTokens.add(continuationToken);
    }
  }

  async readChanges(cursor: string | undefined, maxChanges = CHANGES_PAGE_SIZE): Promise<ChangesPage<WorkflowInstance>> {
    const page = await this.call('ReadInstanceChanges', () =>
      this.unary(readInstanceChangesMethod, { ...(cursor !== undefined && { cursor }), maxChanges }),
    );
    return { ...page, changed: page.changed.map(workflowInstanceOf) };
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

  async listInstances(filter: ListFilter = {}): Promise<WorkflowInstance[]> {
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    const matches = (instance: WorkflowInstance): boolean =>
      (filter.name === undefined || instance.name === filter.name) &&
      (filter.statuses === undefined || filter.statuses.length === 0 || filter.statuses.includes(instance.status)) &&
      (filter.createdFrom === undefined || instance.createdAt >= filter.createdFrom);
    try {
      const found: WorkflowInstance[] = [];
      for await (const page of this.queryPages(filter)) {
        for (const instance of page) {
          if (matches(instance)) found.push(instance);
          if (found.length >= limit) return found;
        }
      }
      return found;
    } catch (error) {
      if (!(error instanceof UnsupportedBySidecarError)) throw error;
    }
    // daprd: every ID, then each one's state, a bounded number at a time.
    const ids = await this.listInstanceIds();
    const found: (WorkflowInstance | undefined)[] = new Array(ids.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const index = next;
        next += 1;
        found[index] = await this.get(ids[index]!, filter.includePayloads ?? false);
      }
    };
    await Promise.all(Array.from({ length: Math.min(LIST_CONCURRENCY, ids.length) }, worker));
    return found
      .filter((instance): instance is WorkflowInstance => instance !== undefined && matches(instance))
      .sort((a, b) => b.createdAt - a.createdAt || (a.instanceId < b.instanceId ? 1 : a.instanceId > b.instanceId ? -1 : 0))
      .slice(0, limit);
  }

  async history(instanceId: string): Promise<HistoryEvent[]> {
    const response = await this.callFor(instanceId, 'GetInstanceHistory', () =>
      this.unary<wire.IGetInstanceHistoryRequest, wire.GetInstanceHistoryResponse>(getInstanceHistoryMethod, { instanceId }),
    );
    return historyFromPb(response.events as wire.HistoryEvent[]);
  }

  /**
   * Refuses, with the embedded sidecar's sentence, a suspend or resume the instance's status
   * does not allow. daprd 1.18 records a second suspension, or a resumption of a running
   * instance, as new history events, and the JS SDK 3.18's worker then loops forever on the
   * resume that follows; asking first keeps the console from sending them.
   */
  private async assertStatusAllows(instanceId: string, action: 'suspended' | 'resumed'): Promise<void> {
    const instance = await this.get(instanceId, false);
    if (!instance) throw new InstanceNotFoundError(`No workflow instance with the ID "${instanceId}" exists.`);
    const allowed: readonly RuntimeStatus[] = action === 'suspended' ? ['RUNNING', 'PENDING'] : ['SUSPENDED'];
    if (allowed.includes(instance.status)) return;
    throw new ConflictError(
      `The instance "${instanceId}" is ${instance.status}; only ${action === 'suspended' ? 'RUNNING or PENDING' : 'SUSPENDED'} instances can be ${action}.`,
    );
  }

  async suspend(instanceId: string, reason?: string): Promise<void> {
    await this.assertStatusAllows(instanceId, 'suspended');
    const request: wire.ISuspendRequest = { instanceId, reason: stringValue(reason || undefined) ?? null };
    await this.callFor(instanceId, 'SuspendInstance', () => this.unary(METHODS.suspendInstance, request));
  }

  async resume(instanceId: string, reason?: string): Promise<void> {
    await this.assertStatusAllows(instanceId, 'resumed');
    const request: wire.IResumeRequest = { instanceId, reason: stringValue(reason || undefined) ?? null };
    await this.callFor(instanceId, 'ResumeInstance', () => this.unary(METHODS.resumeInstance, request));
  }

  async terminate(instanceId: string, output?: string): Promise<void> {
    if (output !== undefined) parseJsonPayload(output, 'The output');
    // Recursive, as the Python, Go and Java SDKs terminate by default (the JS SDK 3.18 cannot ask).
    const request: wire.ITerminateRequest = { instanceId, output: stringValue(output) ?? null, recursive: true };
    await this.callFor(instanceId, 'TerminateInstance', () => this.unary(METHODS.terminateInstance, request));
  }

  async purge(instanceId: string): Promise<void> {
    // Recursive, as the Python, Go and Java SDKs purge by default.
    const request: wire.IPurgeInstancesRequest = { instanceId, recursive: true };
    const response = await this.callFor(instanceId, 'PurgeInstances', () =>
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
    if (payload !== undefined) parseJsonPayload(payload, 'The event payload');
    const request: wire.IRaiseEventRequest = { instanceId, name: eventName, input: stringValue(payload) ?? null };
    await this.callFor(instanceId, 'RaiseEvent', () => this.unary(METHODS.raiseEvent, request));
  }

  async waitForCompletion(instanceId: string, timeoutMs: number, signal?: AbortSignal): Promise<WorkflowInstance> {
    if (signal?.aborted) throw abortErrorOf(signal);
    if (this.transport.isClosed) throw this.closedError();
    const request: wire.IGetInstanceRequest = { instanceId, getInputsAndOutputs: true };
    let response: wire.GetInstanceResponse;
    try {
      response = await this.transport.call<wire.IGetInstanceRequest, wire.GetInstanceResponse>(METHODS.waitForInstanceCompletion, request, {
        deadline: Date.now() + timeoutMs,
        ...(signal && { signal }),
      });
    } catch (error) {
      if (signal?.aborted) throw abortErrorOf(signal);
      if (this.transport.isClosed) throw this.closedError();
      if (isGrpcError(error) && error.code === Status.DEADLINE_EXCEEDED) {
        throw new WaitTimeoutError(`Instance ${instanceId} did not finish within ${Math.round(timeoutMs / 100) / 10} seconds.`);
      }
      throw sidecarErrorFromGrpc(error, { address: this.address, method: 'WaitForInstanceCompletion', instanceId });
    }
    if (!response.exists || !response.workflowState) throw new InstanceNotFoundError(`No workflow instance with ID ${instanceId} exists.`);
    return workflowInstanceFromPb(response.workflowState);
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** Options of openSidecarConnection. */
export interface ConnectOptions {
  /** How long an ordinary call may take before it fails with SidecarUnreachableError (default 5 s). */
  readonly callTimeoutMs?: number;
}

/** How long an ordinary call may take before it fails with DEADLINE_EXCEEDED. */
export const DEFAULT_CALL_DEADLINE_MS = 5_000;

/**
 * A connection to `target` whose calls go through `transport` (which it owns: closing the
 * connection closes it). Nothing is sent until the first call; a sidecar that does not
 * answer makes that call fail within seconds with SidecarUnreachableError.
 */
export function openSidecarConnection(target: SidecarTarget, transport: UnaryTransport, options: ConnectOptions = {}): SidecarConnection {
  return new TransportSidecarConnection(target, transport, options.callTimeoutMs ?? DEFAULT_CALL_DEADLINE_MS);
}
