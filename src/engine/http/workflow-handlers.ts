/**
 * The routes of Dapr's HTTP API, translated into calls: request parts in, one call of the
 * shared workflow operations (../workflow-operations.ts) or of the metadata API, Dapr-shaped
 * answer out. No semantics live here.
 */
import type { WorkflowEngine } from '../engine.js';
import {
  getWorkflow,
  pauseWorkflow,
  purgeWorkflow,
  raiseWorkflowEvent,
  resumeWorkflow,
  startWorkflow,
  terminateWorkflow,
  type WorkflowStateView,
} from '../workflow-operations.js';
import { metadataBody, putMetadata } from './metadata-handler.js';
import type { ApiRoute } from './routes.js';

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

/** daprd's get-workflow JSON for an instance's view. */
export function toWorkflowStateBody(view: WorkflowStateView): WorkflowStateBody {
  return {
    instanceID: view.instanceId,
    workflowName: view.workflowName,
    createdAt: new Date(view.createdAt).toISOString(),
    lastUpdatedAt: new Date(view.lastUpdatedAt).toISOString(),
    runtimeStatus: view.runtimeStatus,
    properties: view.properties,
  };
}

const BODY = 'HTTP body';

/** Does what the route asks, with the request body's text. Throws DaprApiError. */
export function handleWorkflowRoute(engine: WorkflowEngine, route: ApiRoute, body: string): ApiResponse {
  switch (route.kind) {
    case 'health':
      return { status: 204 };
    case 'metadata':
      return { status: 200, body: metadataBody(engine) };
    case 'setMetadata':
      putMetadata(engine, route.key, body);
      return { status: 204 };
    case 'start': {
      const instanceId = startWorkflow(engine, {
        workflowName: route.workflowName,
        ...(route.instanceId !== undefined && { instanceId: route.instanceId }),
        input: body,
        inputName: BODY,
      });
      return { status: 202, body: { instanceID: instanceId } };
    }
    case 'get':
      return { status: 200, body: toWorkflowStateBody(getWorkflow(engine, route.instanceId)) };
    case 'raiseEvent':
      raiseWorkflowEvent(engine, route.instanceId, route.eventName, body, BODY);
      return { status: 202, body: {} };
    case 'terminate':
      terminateWorkflow(engine, route.instanceId, body, BODY);
      return { status: 202, body: {} };
    case 'pause':
      pauseWorkflow(engine, route.instanceId);
      return { status: 202, body: {} };
    case 'resume':
      resumeWorkflow(engine, route.instanceId);
      return { status: 202, body: {} };
    case 'purge':
      purgeWorkflow(engine, route.instanceId);
      return { status: 202, body: {} };
  }
}
