/**
 * Dapr's workflow management API (start, get, terminate, pause, resume, raise event, purge)
 * as daprd's runtime performs it, whatever the wire: the HTTP routes and the gRPC runtime
 * service (`dapr.proto.runtime.v1.Dapr`) both decode their request, call one of these and
 * encode the answer. Each throws Dapr's API errors (DaprApiError: HTTP status, Dapr error
 * code, one sentence); the gRPC layer maps their codes to gRPC statuses as daprd does.
 */
import { INSTANCE_ID_PATTERN, type InstanceState } from '../model/index.js';
import type { WorkflowEngine } from './engine.js';
import { fromEngineError, DaprApiError, instanceNotFound } from './dapr-api-error.js';

/** The only workflow component the embedded sidecar has, as in daprd. */
export const WORKFLOW_COMPONENT = 'dapr';

/** Dapr's longest accepted instance ID on start. */
export const MAX_INSTANCE_ID_LENGTH = 64;

/** The start option daprd reads a scheduled start time from (RFC 3339). */
export const START_TIME_OPTION = 'dapr.workflow.start_time';

/** What daprd reports of an instance: the same fields on HTTP (JSON) and gRPC (GetWorkflowResponse). */
export interface WorkflowStateView {
  readonly instanceId: string;
  readonly workflowName: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  /** Epoch milliseconds. */
  readonly lastUpdatedAt: number;
  /** PENDING, RUNNING, SUSPENDED, COMPLETED, FAILED or TERMINATED. */
  readonly runtimeStatus: string;
  /** `dapr.workflow.input`, `.output`, `.custom_status` and `.failure.*`, as daprd names them. */
  readonly properties: Readonly<Record<string, string>>;
}

/** daprd's view of an instance's state (payloads included). */
export function workflowStateView(state: InstanceState): WorkflowStateView {
  const properties: Record<string, string> = {};
  // As daprd 1.18 answers: the input always (empty when none), the custom status only when set.
  if (state.customStatus) properties['dapr.workflow.custom_status'] = state.customStatus;
  properties['dapr.workflow.input'] = state.input ?? '';
  // As in daprd: a failed workflow reports its failure, never an output.
  if (state.output !== undefined && state.failure === undefined) properties['dapr.workflow.output'] = state.output;
  if (state.failure !== undefined) {
    properties['dapr.workflow.failure.error_type'] = state.failure.errorType;
    properties['dapr.workflow.failure.error_message'] = state.failure.errorMessage;
    if (state.failure.stackTrace !== undefined) properties['dapr.workflow.failure.stack_trace'] = state.failure.stackTrace;
  }
  return {
    instanceId: state.instanceId,
    workflowName: state.name,
    createdAt: state.createdAt,
    lastUpdatedAt: state.lastUpdatedAt,
    runtimeStatus: state.status,
    properties,
  };
}

/**
 * A payload as the API takes it: empty text means "none"; anything else must be JSON, since
 * the SDKs' workers parse it as JSON. `what` names the payload in the refusal ("HTTP body").
 */
export function jsonPayload(text: string | undefined, what: string): string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    JSON.parse(text);
  } catch (error) {
    throw new DaprApiError(400, 'ERR_MALFORMED_REQUEST', `failed deserializing ${what}: not valid JSON (${(error as Error).message})`);
  }
  return text;
}

/** Refuses a workflow component other than `dapr` (an empty one is taken as `dapr`, as daprd does on gRPC). */
export function checkWorkflowComponent(component: string): void {
  if (component !== '' && component !== WORKFLOW_COMPONENT) {
    throw new DaprApiError(400, 'ERR_WORKFLOW_COMPONENT_NOT_FOUND', `workflow component '${component}' does not exist`);
  }
}

function checkInstanceIdGiven(instanceId: string): void {
  if (instanceId === '') throw new DaprApiError(400, 'ERR_INSTANCE_ID_PROVIDED_MISSING', 'no instance ID was provided');
}

function validateNewInstanceId(instanceId: string): void {
  if (instanceId.length > MAX_INSTANCE_ID_LENGTH) {
    throw new DaprApiError(
      400,
      'ERR_INSTANCE_ID_TOO_LONG',
      `workflow instance ID exceeds the max length of ${MAX_INSTANCE_ID_LENGTH} characters`,
    );
  }
  if (!INSTANCE_ID_PATTERN.test(instanceId)) {
    throw new DaprApiError(
      400,
      'ERR_INSTANCE_ID_INVALID',
      `workflow instance ID '${instanceId}' is invalid: only alphanumeric, underscore and dash characters are allowed`,
    );
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** The scheduled start of daprd's start options, or undefined; refuses options it does not know. */
function scheduledStartOf(workflowName: string, options: Readonly<Record<string, string>>): number | undefined {
  const unknown = Object.keys(options).filter((key) => key !== START_TIME_OPTION);
  if (unknown.length > 0) {
    throw new DaprApiError(
      400,
      'ERR_MALFORMED_REQUEST',
      `unsupported start option${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => `'${key}'`).join(', ')}: only '${START_TIME_OPTION}' is known`,
    );
  }
  const startTime = options[START_TIME_OPTION];
  if (startTime === undefined) return undefined;
  const at = RFC3339.test(startTime) ? Date.parse(startTime) : Number.NaN;
  if (Number.isNaN(at)) {
    throw new DaprApiError(
      500,
      'ERR_START_WORKFLOW',
      `error starting workflow '${workflowName}': start times must be in RFC3339 format (e.g. "2009-11-10T23:00:00Z")`,
    );
  }
  return at;
}

/** What a start asks for; `input` is the payload's text as received. */
export interface StartWorkflowCall {
  readonly workflowName: string;
  /** Empty or absent: the engine picks one. */
  readonly instanceId?: string;
  readonly input?: string;
  /** Names the input in a refusal ("HTTP body", "input"). */
  readonly inputName: string;
  /** daprd's start options; only `dapr.workflow.start_time` is known. */
  readonly options?: Readonly<Record<string, string>>;
}

/** Starts an instance; returns its ID. */
export function startWorkflow(engine: WorkflowEngine, call: StartWorkflowCall): string {
  if (call.workflowName === '') throw new DaprApiError(400, 'ERR_WORKFLOW_NAME_MISSING', 'workflow name is not configured');
  const instanceId = call.instanceId || undefined;
  if (instanceId !== undefined) validateNewInstanceId(instanceId);
  const scheduledStartAt = scheduledStartOf(call.workflowName, call.options ?? {});
  const input = jsonPayload(call.input, call.inputName);
  try {
    return engine.startInstance({
      name: call.workflowName,
      ...(instanceId !== undefined && { instanceId }),
      ...(input !== undefined && { input }),
      ...(scheduledStartAt !== undefined && { scheduledStartAt }),
    });
  } catch (error) {
    throw fromEngineError(error, 'start', call.workflowName);
  }
}

/** The instance's state as daprd reports it; an unknown instance is ERR_INSTANCE_ID_NOT_FOUND. */
export function getWorkflow(engine: WorkflowEngine, instanceId: string): WorkflowStateView {
  checkInstanceIdGiven(instanceId);
  let state: InstanceState | undefined;
  try {
    state = engine.getInstance(instanceId, true);
  } catch (error) {
    throw fromEngineError(error, 'get', instanceId);
  }
  if (state === undefined) throw instanceNotFound(instanceId);
  return workflowStateView(state);
}

/** Raises an event (kept for an instance that waits later; ignored for unknown or finished instances, as in daprd). */
export function raiseWorkflowEvent(engine: WorkflowEngine, instanceId: string, eventName: string, data: string | undefined, dataName: string): void {
  checkInstanceIdGiven(instanceId);
  if (eventName === '') throw new DaprApiError(400, 'ERR_WORKFLOW_EVENT_NAME_MISSING', 'missing workflow event name');
  const payload = jsonPayload(data, dataName);
  try {
    engine.raiseEvent(instanceId, eventName, payload);
  } catch (error) {
    throw fromEngineError(error, 'raiseEvent', instanceId);
  }
}

/** Terminates the instance and, as daprd does, its child workflows. */
export function terminateWorkflow(engine: WorkflowEngine, instanceId: string, output?: string, outputName = 'output'): void {
  checkInstanceIdGiven(instanceId);
  const payload = jsonPayload(output, outputName);
  try {
    engine.terminate(instanceId, { ...(payload !== undefined && { output: payload }), recursive: true });
  } catch (error) {
    throw fromEngineError(error, 'terminate', instanceId);
  }
}

/** Suspends (pauses) a running instance. */
export function pauseWorkflow(engine: WorkflowEngine, instanceId: string): void {
  checkInstanceIdGiven(instanceId);
  try {
    engine.suspend(instanceId);
  } catch (error) {
    throw fromEngineError(error, 'pause', instanceId);
  }
}

/** Resumes a suspended instance. */
export function resumeWorkflow(engine: WorkflowEngine, instanceId: string): void {
  checkInstanceIdGiven(instanceId);
  try {
    engine.resume(instanceId);
  } catch (error) {
    throw fromEngineError(error, 'resume', instanceId);
  }
}

/** Purges a finished instance and, as daprd does, its child workflows. */
export function purgeWorkflow(engine: WorkflowEngine, instanceId: string): void {
  checkInstanceIdGiven(instanceId);
  try {
    engine.purgeInstance(instanceId, { recursive: true });
  } catch (error) {
    throw fromEngineError(error, 'purge', instanceId);
  }
}
