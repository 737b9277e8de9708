/**
 * What the embedded sidecar reports about itself through Dapr's metadata API (HTTP
 * `GET /v1.0/metadata`, gRPC `GetMetadata`), limited to what applies to it: its app ID, its
 * version, the workflow engine's connected workers, an actor runtime that is disabled (it
 * has no actors) and the extended metadata apps set. It has no components, subscriptions or
 * HTTP endpoints, so it lists none. Both wires read the same per-engine record.
 */
import { InvalidArgumentError } from '../model/index.js';
import type { WorkflowEngine } from './engine.js';

/** The app ID the embedded sidecar answers with: the one dapr.yaml gives the console's app on real Dapr. */
export const EMBEDDED_APP_ID = 'workflow-tui';

/** What it reports as its runtime version: not a daprd version, since it is not a daprd build (daprd's own dev builds say `edge`). */
export const EMBEDDED_RUNTIME_VERSION = 'embedded (dapr-workflow-tui)';

/** The extended-metadata key daprd always fills with its runtime version (kept for older clients). */
export const RUNTIME_VERSION_KEY = 'daprRuntimeVersion';

/** How many extended-metadata keys an app may set (daprd has no limit; a bound keeps a loop of sets from filling memory). */
export const MAX_EXTENDED_KEYS = 1000;

/** The sidecar's metadata, wire-neutral. */
export interface SidecarMetadata {
  readonly id: string;
  readonly runtimeVersion: string;
  /** Apps' key-value pairs (SetMetadata / PUT /v1.0/metadata/{key}) plus `daprRuntimeVersion`. */
  readonly extended: Readonly<Record<string, string>>;
  /** Always DISABLED: the embedded sidecar hosts no actors. */
  readonly actorRuntimeStatus: 'DISABLED';
  /** Worker streams (GetWorkItems) connected now. */
  readonly connectedWorkers: number;
}

const extendedByEngine = new WeakMap<WorkflowEngine, Map<string, string>>();

function extendedOf(engine: WorkflowEngine): Map<string, string> {
  let extended = extendedByEngine.get(engine);
  if (extended === undefined) {
    extended = new Map();
    extendedByEngine.set(engine, extended);
  }
  return extended;
}

/** The sidecar's metadata now. */
export function sidecarMetadata(engine: WorkflowEngine): SidecarMetadata {
  return {
    id: EMBEDDED_APP_ID,
    runtimeVersion: EMBEDDED_RUNTIME_VERSION,
    extended: { ...Object.fromEntries(extendedOf(engine)), [RUNTIME_VERSION_KEY]: EMBEDDED_RUNTIME_VERSION },
    actorRuntimeStatus: 'DISABLED',
    connectedWorkers: engine.connectedWorkerCount(),
  };
}

/**
 * Sets one key of the extended metadata, for as long as the sidecar runs (an empty key is
 * ignored, as in daprd). Throws InvalidArgumentError for a new key past MAX_EXTENDED_KEYS.
 */
export function setExtendedMetadata(engine: WorkflowEngine, key: string, value: string): void {
  if (key === '') return;
  const extended = extendedOf(engine);
  if (!extended.has(key) && extended.size >= MAX_EXTENDED_KEYS) {
    throw new InvalidArgumentError(`The sidecar already holds ${MAX_EXTENDED_KEYS} extended metadata keys; '${key}' was not added.`);
  }
  extended.set(key, value);
}
