/**
 * The workflow operations of Dapr's HTTP API, translated into WorkflowEngine calls: request
 * parts in, engine call, Dapr-shaped answer out. No semantics live here; the engine decides
 * what each call means.
 */
import { INSTANCE_ID_PATTERN, type InstanceState } from '../../model/index.js';
import { type WorkflowEngine } from '../engine.js';
import { fromEngineError, HttpApiError, instanceNotFound, malformedRequest } from './api-error.js';
import type { ApiRoute } from './routes.js';

/** Dapr's longest accepted instance ID on start. */
export const MAX_INSTANCE_ID_LENGTH = 64;

/** What to send back: a status and an optional JSON body. */
export interface ApiResponse {
  readonly status: number;
  readonly body?: unknown;
}

/** The JSON daprd answers a get-workflow request with. */
export interface WorkflowStateBody {
  readonly instanceID: string;
  readonly workflowName: string;
  readonly createdAt: string;
  readonly lastUpdatedAt: string;
  readonly runtimeStatus: string;
  readonly properties: Readonly<Record<string, string>>;
}

/** Builds daprd's get-workflow body from an instance's state (payloads included). */
export function toWorkflowStateBody(state: InstanceState): WorkflowStateBody {
  const properties: Record<string, string> = {};
  if (state.customStatus !== undefined) properties['dapr.workflow.custom_status'] = state.customStatus;
  if (state.input !== undefined) properties['dapr.workflow.input'] = state.input;
  // As in daprd: a failed workflow reports its failure, never an output.
  if (state.output !== undefined && state.failure === undefined) properties['dapr.workflow.output'] = state.output;
  if (state.failure !== undefined) {
    properties['dapr.workflow.failure.error_type'] = state.failure.errorType;
    properties['dapr.workflow.failure.error_message'] = state.failure.errorMessage;
    if (state.failure.stackTrace !== undefined) properties['dapr.workflow.failure.stack_trace'] = state.failure.stackTrace;
  }
  return {
    instanceID: state.instanceId,
    workflowName: state.name,
    createdAt: new Date(state.createdAt).toISOString(),
    lastUpdatedAt: new Date(state.lastUpdatedAt).toISOString(),
    runtimeStatus: state.status,
    properties,
  };
}

/** Empty text means "no payload"; anything else must be JSON. Returns the text to store. */
function jsonPayload(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  try {
    JSON.parse(text);
  } catch (error) {
    throw malformedRequest(`the body is not valid JSON (${(error as Error).message})`);
  }
  return text;
}

function validateNewInstanceId(instanceId: string): void {
  if (instanceId.length > MAX_INSTANCE_ID_LENGTH) {
    throw new HttpApiError(
      400,
      'ERR_INSTANCE_ID_TOO_LONG',
      `workflow instance ID exceeds the max length of ${MAX_INSTANCE_ID_LENGTH} characters`,
    );
  }
  if (!INSTANCE_ID_PATTERN.test(instanceId)) {
    throw new HttpApiError(
      400,
      'ERR_INSTANCE_ID_INVALID',
      `workflow instance ID '${instanceId}' is invalid: only alphanumeric, underscore and dash characters are allowed`,
    );
  }
}

/** Does what the route asks, with the request body's text. Throws HttpApiError. */
export function handleWorkflowRoute(engine: WorkflowEngine, route: ApiRoute, body: string): ApiResponse {
  switch (route.kind) {
    case 'health':
      return { status: 204 };
    case 'start': {
      if (route.instanceId !== undefined) validateNewInstanceId(route.instanceId);
      const input = jsonPayload(body);
      try {
        const instanceId = engine.startInstance({ name: route.workflowName, instanceId: route.instanceId, input });
        return { status: 202, body: { instanceID: instanceId } };
      } catch (error) {
        throw fromEngineError(error, 'start', route.workflowName);
      }
    }
    case 'get': {
      let state: InstanceState | undefined;
      try {
        state = engine.getInstance(route.instanceId, true);
      } catch (error) {
        throw fromEngineError(error, 'get', route.instanceId);
      }
      if (state === undefined) throw instanceNotFound(route.instanceId);
      return { status: 200, body: toWorkflowStateBody(state) };
    }
    case 'raiseEvent': {
      const data = jsonPayload(body);
      try {
        engine.raiseEvent(route.instanceId, route.eventName, data);
      } catch (error) {
        throw fromEngineError(error, 'raiseEvent', route.instanceId);
      }
      return { status: 202 };
    }
    case 'terminate': {
      const output = jsonPayload(body);
      try {
        engine.terminate(route.instanceId, { output, recursive: true });
      } catch (error) {
        throw fromEngineError(error, 'terminate', route.instanceId);
      }
      return { status: 202 };
    }
    case 'pause':
      try {
        engine.suspend(route.instanceId);
      } catch (error) {
        throw fromEngineError(error, 'pause', route.instanceId);
      }
      return { status: 202 };
    case 'resume':
      try {
        engine.resume(route.instanceId);
      } catch (error) {
        throw fromEngineError(error, 'resume', route.instanceId);
      }
      return { status: 202 };
    case 'purge':
      try {
        engine.purgeInstance(route.instanceId, { recursive: true });
      } catch (error) {
        throw fromEngineError(error, 'purge', route.instanceId);
      }
      return { status: 202 };
  }
}
