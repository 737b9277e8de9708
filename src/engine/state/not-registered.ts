/**
 * Recognises a worker's answer that only says "I do not have this workflow / activity" (the
 * JS SDK answers that way instead of refusing the work item), so the engine can offer the
 * item to another worker instead of failing the instance.
 */
import type { ActivityResult, OrchestratorResult } from '../../model/index.js';

/** True when the orchestrator answer is the SDK's "workflow not registered" failure. */
export function isWorkflowNotRegistered(result: OrchestratorResult): boolean {
  return result.actions.some(
    (action) =>
      action.kind === 'CompleteOrchestration' &&
      action.status === 'FAILED' &&
      action.failure?.errorType === 'OrchestratorNotRegisteredError',
  );
}

/** True when the activity answer is the SDK's "activity not registered" failure. */
export function isActivityNotRegistered(result: ActivityResult): boolean {
  return result.failure?.errorType === 'ActivityNotRegisteredError';
}
