/**
 * The contract of the engine core: everything the gRPC and HTTP layers may ask of the
 * embedded sidecar. The wire layers only translate requests into these calls and results
 * back; all semantics (statuses, history, dispatch, timers, durability) live behind it.
 * Methods throw the typed errors of src/model/errors.ts.
 */
import type {
  ActivityResult,
  ChangesPage,
  HistoryEvent,
  InstanceQuery,
  InstanceState,
  OrchestratorResult,
  Page,
  PurgeFilter,
  RerunRequest,
  StartRequest,
  WorkerOptions,
  WorkItem,
} from '../model/index.js';

/** The engine's side of one connected worker (one GetWorkItems stream). */
export interface WorkerConnection {
  /** A process-unique ID of this worker. */
  readonly workerId: string;
  /** Ends the connection; its in-flight work items are offered to other workers. */
  close(): void;
}

/** What the engine needs from a worker stream: a way to send it work. */
export interface WorkerSink {
  /** Sends one work item; returns false when the stream cannot take it now. */
  send(item: WorkItem): boolean;
}

/** The embedded sidecar's core. */
export interface WorkflowEngine {
  /** Starts an instance; returns its ID. Throws InvalidArgumentError, InstanceExistsError, PayloadTooLargeError. */
  startInstance(request: StartRequest): string;
  /** The instance's state, or undefined when no such instance exists. */
  getInstance(instanceId: string, includePayloads: boolean): InstanceState | undefined;
  /** Resolves once the instance has left PENDING (or at once if it has); undefined if it does not exist. Rejects when aborted. */
  waitForStart(instanceId: string, signal: AbortSignal, includePayloads: boolean): Promise<InstanceState | undefined>;
  /** Resolves once the instance is in a terminal status; undefined if it does not exist. Rejects when aborted. */
  waitForCompletion(instanceId: string, signal: AbortSignal, includePayloads: boolean): Promise<InstanceState | undefined>;
  /** Queues an external event. Unknown or finished instances: silently ignored. */
  raiseEvent(instanceId: string, eventName: string, input?: string): void;
  /** Terminates; recursive to children only when asked (the protocol's flag defaults to false, as in daprd). Throws InstanceNotFoundError; no-op when already terminal. */
  terminate(instanceId: string, options?: { output?: string; recursive?: boolean }): void;
  /** Suspends a running instance; status is SUSPENDED when this returns. Throws InstanceNotFoundError, FailedPreconditionError. */
  suspend(instanceId: string, reason?: string): void;
  /** Resumes a suspended instance; held events are delivered. Throws InstanceNotFoundError, FailedPreconditionError. */
  resume(instanceId: string, reason?: string): void;
  /** Instances matching the query, newest first. */
  queryInstances(query: InstanceQuery): Page<InstanceState>;
  /** Purges one terminal instance (and its children when recursive); returns the count removed. Throws InstanceNotFoundError, FailedPreconditionError. */
  purgeInstance(instanceId: string, options?: { recursive?: boolean }): number;
  /** Purges every terminal instance matching the filter (with their terminal descendants when recursive); returns the count removed. */
  purgeInstances(filter: PurgeFilter, options?: { recursive?: boolean }): number;
  /**
   * Starts a new instance from a finished one's history up to an activity's TaskScheduled
   * event (Dapr's RerunWorkflowFromEvent); returns the new instance's ID. Throws
   * InstanceNotFoundError, FailedPreconditionError, InvalidArgumentError, InstanceExistsError,
   * UnsupportedFeatureError (reruns from a child workflow's creation event).
   */
  rerunFromEvent(request: RerunRequest): string;
  /** Every instance ID, paged (Dapr 1.17 ListInstanceIDs). */
  listInstanceIds(pageSize?: number, continuationToken?: string): Page<string>;
  /** What changed since `cursor`, at most `limit` changes (see ChangesPage). */
  readChanges(cursor: string | undefined, limit: number, includePayloads: boolean): ChangesPage<InstanceState>;
  /** The full history of the instance's current run. Throws InstanceNotFoundError. */
  getHistory(instanceId: string): readonly HistoryEvent[];

  /** Registers a worker stream; work starts flowing to it at once. */
  connectWorker(sink: WorkerSink, options?: WorkerOptions): WorkerConnection;
  /** How many worker streams are connected now (what daprd reports as its connected workflow workers). */
  connectedWorkerCount(): number;
  /** Applies a worker's orchestrator answer, matched by instance ID (the SDK sends no token). Throws InstanceNotFoundError when no such work item is in flight. */
  completeOrchestratorTask(result: OrchestratorResult): void;
  /** Applies a worker's activity answer, matched by instance and task ID. Throws InstanceNotFoundError when no such work item is in flight. */
  completeActivityTask(result: ActivityResult): void;

  /** Stops dispatching, ends worker streams and closes the store. */
  close(): Promise<void>;
}
