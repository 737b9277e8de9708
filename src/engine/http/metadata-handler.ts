/**
 * Dapr's metadata HTTP API: `GET /v1.0/metadata` answers daprd's JSON shape with what applies
 * to the embedded sidecar (see ../sidecar-metadata.ts), and `PUT /v1.0/metadata/{key}` sets
 * one extended-metadata key to the body's text (204, as daprd). The Dapr SDKs' HTTP clients
 * probe the GET before their first call.
 */
import type { WorkflowEngine } from '../engine.js';
import { setExtendedMetadata, sidecarMetadata } from '../sidecar-metadata.js';
import { DaprApiError } from '../dapr-api-error.js';

/** daprd's JSON for GET /v1.0/metadata, with the fields that apply here (empty lists are left out, as daprd does). */
export interface MetadataBody {
  readonly id: string;
  readonly runtimeVersion: string;
  readonly extended: Readonly<Record<string, string>>;
  readonly appConnectionProperties: Record<string, never>;
  readonly actorRuntime: { readonly runtimeStatus: string; readonly hostReady: boolean };
  readonly workflows: { readonly connectedWorkers: number };
}

/** The body of GET /v1.0/metadata now. */
export function metadataBody(engine: WorkflowEngine): MetadataBody {
  const metadata = sidecarMetadata(engine);
  return {
    id: metadata.id,
    runtimeVersion: metadata.runtimeVersion,
    extended: metadata.extended,
    // No app channel: the embedded sidecar never calls an app.
    appConnectionProperties: {},
    actorRuntime: { runtimeStatus: metadata.actorRuntimeStatus, hostReady: false },
    workflows: { connectedWorkers: metadata.connectedWorkers },
  };
}

/** PUT /v1.0/metadata/{key}: stores the body's text under the key. Throws DaprApiError (400 past the key limit). */
export function putMetadata(engine: WorkflowEngine, key: string, value: string): void {
  try {
    setExtendedMetadata(engine, key, value);
  } catch (error) {
    throw new DaprApiError(400, 'ERR_MALFORMED_REQUEST', error instanceof Error ? error.message : String(error));
  }
}
