/**
 * Which lifecycle actions apply to an instance in its current status, and the one sentence
 * the status line says before and after each, pure. An action that does not apply is not
 * sent; `refusal` says why.
 */
import { isTerminalStatus, type RuntimeStatus } from '../../src/model/index.js';
import { safeLine } from '../../src/text/safe-text.js';

/** The lifecycle actions the console sends for the selected instance. */
export type InstanceAction = 'suspend' | 'resume' | 'terminate' | 'purge' | 'raise-event' | 'wait';

/** Why `action` cannot be sent for an instance in `status`, or undefined when it can. */
export function refusal(action: InstanceAction, instanceId: string, status: RuntimeStatus): string | undefined {
  const id = safeLine(instanceId);
  const state = status.toLowerCase();
  switch (action) {
    case 'suspend':
      if (status === 'SUSPENDED') return `${id} is already paused.`;
      return status === 'RUNNING' ? undefined : `${id} is ${state}; only running instances can be paused.`;
    case 'resume':
      return status === 'SUSPENDED' ? undefined : `${id} is ${state}; only paused (suspended) instances can be resumed.`;
    case 'terminate':
      return isTerminalStatus(status) ? `${id} is already ${state}; there is nothing to terminate.` : undefined;
    case 'purge':
      return isTerminalStatus(status)
        ? undefined
        : `${id} is ${state}; only completed, failed or terminated instances can be purged (terminate it first).`;
    case 'raise-event':
      return isTerminalStatus(status) ? `${id} is ${state}; a finished instance takes no events.` : undefined;
    case 'wait':
      return undefined;
  }
}

/** The status line while an action runs, e.g. `Suspending order-1…`. */
export function pendingSentence(action: Exclude<InstanceAction, 'wait'>, instanceId: string, eventName?: string): string {
  const id = safeLine(instanceId);
  switch (action) {
    case 'suspend':
      return `Pausing ${id}…`;
    case 'resume':
      return `Resuming ${id}…`;
    case 'terminate':
      return `Terminating ${id}…`;
    case 'purge':
      return `Purging ${id}…`;
    case 'raise-event':
      return `Raising ${safeLine(eventName ?? '')} on ${id}…`;
  }
}

/** The status line after an action succeeded, e.g. `Suspended order-1.` */
export function doneSentence(action: Exclude<InstanceAction, 'wait'>, instanceId: string, eventName?: string): string {
  const id = safeLine(instanceId);
  switch (action) {
    case 'suspend':
      return `Suspended ${id}.`;
    case 'resume':
      return `Resumed ${id}.`;
    case 'terminate':
      return `Terminated ${id}.`;
    case 'purge':
      return `Purged ${id}.`;
    case 'raise-event':
      return `Raised ${safeLine(eventName ?? '')} on ${id}.`;
  }
}

/** The status line after waiting: how the instance ended. */
export function waitSentence(instanceId: string, status: RuntimeStatus, elapsedMs: number, failureMessage?: string): string {
  const id = safeLine(instanceId);
  const seconds = (elapsedMs / 1000).toFixed(1);
  const how = status === 'FAILED' && failureMessage ? `failed: ${safeLine(failureMessage)}` : status.toLowerCase();
  return `${id} ${how} (waited ${seconds}s).`;
}

/** The actions that apply to every marked instance at once. */
export type BulkAction = Exclude<InstanceAction, 'wait'>;

/** How one instance of a bulk action ended: `problem` is the sentence when it failed. */
export interface BulkOutcome {
  readonly instanceId: string;
  readonly problem?: string;
}

const BULK_DONE: Record<BulkAction, string> = {
  suspend: 'paused',
  resume: 'resumed',
  terminate: 'terminated',
  purge: 'purged',
  'raise-event': 'got the event',
};

/** The question before a bulk action, e.g. `Terminate 12 marked instances?`. */
export function bulkQuestion(action: BulkAction, count: number, eventName?: string): string {
  const verb = { suspend: 'Pause', resume: 'Resume', terminate: 'Terminate', purge: 'Purge', 'raise-event': `Raise ${safeLine(eventName ?? '')} on` }[action];
  return `${verb} ${count} marked instance${count === 1 ? '' : 's'}?`;
}

/** A failure sentence shortened for a summary: the first clause, without the final period. */
function shortProblem(problem: string): string {
  return problem.split(/;\s/)[0]!.replace(/\.$/, '');
}

/**
 * The status line after a bulk action, e.g. `12 terminated, 1 failed: order-7 is already
 * completed`; with several failures the first is named and the others counted.
 */
export function bulkSentence(action: BulkAction, outcomes: readonly BulkOutcome[]): string {
  const failed = outcomes.filter((outcome) => outcome.problem !== undefined);
  const done = outcomes.length - failed.length;
  const head = `${done} ${BULK_DONE[action]}`;
  if (failed.length === 0) return `${head}.`;
  const first = shortProblem(failed[0]!.problem!);
  const more = failed.length > 1 ? ` (and ${failed.length - 1} more)` : '';
  return `${head}, ${failed.length} failed: ${first}${more}.`;
}
