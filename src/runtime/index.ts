/**
 * The in-process workflow runtime: start it, read its log, load the user's workflows.
 */
export { startWorkflowRuntime, RuntimeAddressError, RUNTIME_LOG_SOURCE, type RunningWorkflowRuntime, type WorkflowRuntimeOptions } from './start-workflow-runtime.js';
export { LogBuffer, DEFAULT_LOG_CAPACITY } from './log-buffer.js';
export { captureConsole } from './capture-console.js';
export { followLog, formatLogLine } from './follow-log.js';
export {
  loadUserWorkflows,
  UserWorkflowsError,
  WorkflowsModuleNotFoundError,
  WorkflowsModuleLoadError,
  WorkflowsModuleShapeError,
  WorkflowNameClashError,
  type WorkflowRegistry,
  type UserWorkflowInfo,
  type UserWorkflows,
} from './user-workflows.js';
export { UnsupportedSdkError } from './keep-connected.js';
export type { LogLevel, LogLine, LogSource } from './types.js';
