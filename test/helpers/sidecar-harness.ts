/**
 * Test harness for the embedded sidecar: starts `createEngine` on a free loopback port (in
 * memory, or on a data directory) and hands tests the real SDK pointed at it — a
 * `DaprWorkflowClient`, `WorkflowRuntime`s with the workflows and activities a test
 * registers, and a raw gRPC caller for RPCs the SDK does not wrap. The SDK's console chatter
 * is kept out of the test output (set SHOW_SDK_LOGS=1 to see it).
 */
import { credentials, Metadata, type MethodDefinition, type ServiceError } from '@grpc/grpc-js';
import { DaprWorkflowClient, WorkflowRuntime, WorkflowRuntimeStatus, type WorkflowState } from '@dapr/dapr';
import { createEngine, type EngineOptions, type RunningEngine } from '../../src/engine/index.js';
import { pb, TaskHubSidecarServiceClient } from './sdk-proto.js';

/** A workflow as the SDK runs it (3.18: an `async function*`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TestWorkflow = (context: any, input: any) => AsyncGenerator<unknown, unknown, any>;
/** An activity as the SDK runs it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TestActivity = (context: any, input: any) => unknown;

/** What a runtime hosts, by registered name. */
export interface RuntimeRegistrations {
  readonly workflows?: Readonly<Record<string, TestWorkflow>>;
  readonly activities?: Readonly<Record<string, TestActivity>>;
  /** Sent as dapr-api-token. Default: the sidecar's own token. */
  readonly apiToken?: string;
}

/** A running sidecar and the SDK pointed at it. */
export interface SidecarHarness {
  readonly engine: RunningEngine;
  readonly port: number;
  /** `127.0.0.1:PORT`. */
  readonly address: string;
  /** A DaprWorkflowClient on the sidecar (sending the sidecar's token, if any). */
  readonly client: DaprWorkflowClient;
  /** Starts a WorkflowRuntime hosting the given workflows and activities; the harness stops it on close. */
  startRuntime(registrations: RuntimeRegistrations): Promise<WorkflowRuntime>;
  /** Stops a runtime started by startRuntime (its worker stream ends). */
  stopRuntime(runtime: WorkflowRuntime): Promise<void>;
  /** A new DaprWorkflowClient with other options (e.g. another token); the harness stops it on close. */
  newClient(options?: { readonly apiToken?: string }): DaprWorkflowClient;
  /** Calls any unary RPC of the sidecar by its method definition (token '' = none); rejects with the gRPC ServiceError. */
  call<Request, Response>(method: MethodDefinition<Request, Response>, request: Request, options?: { readonly apiToken?: string }): Promise<Response>;
  /** Stops every runtime and client, then the sidecar. */
  close(): Promise<void>;
}

/** Options of startSidecar: any createEngine option; default in memory, free port, no HTTP. */
export type SidecarHarnessOptions = Omit<EngineOptions, 'grpcPort'>;

let quietDepth = 0;
let restoreConsole: (() => void) | undefined;
const SDK_LINE = /^\S+ (ERROR|WARN|INFO|VERBOSE|DEBUG) \[/;

/** Keeps the SDK's log lines (`<time> INFO [DurableTask, ...]`) off the console; other output passes. Nested calls are counted. */
export function quietSdkLogs(): () => void {
  quietDepth += 1;
  if (quietDepth === 1 && process.env.SHOW_SDK_LOGS !== '1') {
    const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const originals = methods.map((name) => console[name]);
    methods.forEach((name, index) => {
      const original = originals[index]!;
      console[name] = (...args: unknown[]) => {
        if (typeof args[0] === 'string' && SDK_LINE.test(args[0])) return;
        original.apply(console, args);
      };
    });
    restoreConsole = () => methods.forEach((name, index) => (console[name] = originals[index]!));
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    quietDepth -= 1;
    if (quietDepth === 0) {
      restoreConsole?.();
      restoreConsole = undefined;
    }
  };
}

/** Starts the embedded sidecar on a free port with the SDK client pointed at it. */
export async function startSidecar(options: SidecarHarnessOptions = {}): Promise<SidecarHarness> {
  const releaseConsole = quietSdkLogs();
  const engine = await createEngine({ inMemory: options.dataDir === undefined, ...options, grpcPort: 0 });
  const port = engine.grpcPort;
  const address = `127.0.0.1:${port}`;
  const clients: DaprWorkflowClient[] = [];
  const runtimes = new Set<WorkflowRuntime>();
  const raw = new TaskHubSidecarServiceClient(address, credentials.createInsecure());

  const sdkOptions = (apiToken: string | undefined) => ({
    daprHost: '127.0.0.1',
    daprPort: String(port),
    ...(apiToken !== undefined && { daprApiToken: apiToken }),
  });

  const newClient = (clientOptions: { readonly apiToken?: string } = {}) => {
    const client = new DaprWorkflowClient(sdkOptions(clientOptions.apiToken ?? options.apiToken));
    clients.push(client);
    return client;
  };

  const harness: SidecarHarness = {
    engine,
    port,
    address,
    client: newClient(),
    newClient,
    async startRuntime(registrations) {
      const runtime = new WorkflowRuntime(sdkOptions(registrations.apiToken ?? options.apiToken));
      for (const [name, workflow] of Object.entries(registrations.workflows ?? {})) {
        runtime.registerWorkflowWithName(name, workflow);
      }
      for (const [name, activity] of Object.entries(registrations.activities ?? {})) {
        runtime.registerActivityWithName(name, activity);
      }
      await runtime.start();
      runtimes.add(runtime);
      return runtime;
    },
    async stopRuntime(runtime) {
      if (!runtimes.delete(runtime)) return;
      await runtime.stop();
    },
    call(method, request, callOptions = {}) {
      const metadata = new Metadata();
      const token = callOptions.apiToken ?? options.apiToken;
      if (token !== undefined && token !== '') metadata.set('dapr-api-token', token);
      return new Promise((resolve, reject) => {
        raw.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, request, metadata, {}, (error: ServiceError | null, response?: unknown) => {
          if (error) reject(error);
          else resolve(response as never);
        });
      });
    },
    async close() {
      await Promise.allSettled([...[...runtimes].map((runtime) => runtime.stop()), ...clients.map((client) => client.stop())]);
      runtimes.clear();
      raw.close();
      await engine.close();
      releaseConsole();
    },
  };
  return harness;
}

/** Polls `condition` until it returns a truthy value (which is returned), or fails after `timeoutMs`. */
export async function waitUntil<T>(
  condition: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 20, what = 'the condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A promise with its resolve function exposed (to hold an activity until a test releases it). */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** The status name of a state the SDK returned (`COMPLETED`, ...), or `MISSING` when there is none. */
export function statusName(state: WorkflowState | undefined): string {
  return state === undefined ? 'MISSING' : WorkflowRuntimeStatus[state.runtimeStatus];
}

/** The instance's current status name, or `MISSING` when the sidecar says it does not exist. */
export async function statusOf(client: DaprWorkflowClient, instanceId: string): Promise<string> {
  return statusName(await client.getWorkflowState(instanceId, false));
}

/** Polls until the instance has the given status; returns its state (payloads included). */
export async function waitForStatus(client: DaprWorkflowClient, instanceId: string, status: string, timeoutMs = 10_000): Promise<WorkflowState> {
  return waitUntil(
    async () => {
      const state = await client.getWorkflowState(instanceId, true);
      return statusName(state) === status ? state : undefined;
    },
    { timeoutMs, what: `${instanceId} to be ${status}` },
  );
}

/** Waits until the instance is COMPLETED, FAILED or TERMINATED; resolves with that status name. */
export async function waitForFinish(client: DaprWorkflowClient, instanceId: string, timeoutMs = 15_000): Promise<string> {
  return waitUntil(
    async () => {
      const name = statusName(await client.getWorkflowState(instanceId, false));
      return ['COMPLETED', 'FAILED', 'TERMINATED'].includes(name) ? name : undefined;
    },
    { what: `${instanceId} to finish`, timeoutMs },
  );
}

/** Opens a raw GetWorkItems stream to `address` (with `token` as dapr-api-token, if any) and resolves with the error status it ends with. */
export function workItemsStreamError(address: string, token: string | undefined): Promise<ServiceError> {
  const client = new TaskHubSidecarServiceClient(address, credentials.createInsecure());
  const metadata = new Metadata();
  if (token !== undefined) metadata.set('dapr-api-token', token);
  const stream = client.getWorkItems(new pb.GetWorkItemsRequest(), metadata);
  return new Promise((resolve) => {
    stream.on('data', () => {});
    stream.on('error', (error: ServiceError) => {
      client.close();
      resolve(error);
    });
  });
}
