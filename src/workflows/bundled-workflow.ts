/**
 * What every bundled workflow module provides: the workflow function, the activities it
 * calls (by registration name) and the metadata the console's forms use. Also the two tiny
 * helpers the bundled workflows share to print progress into the runtime's log.
 */
import type { WorkflowActivityContext, WorkflowContext } from '@dapr/dapr';
import type { WorkflowInfo } from '../model/index.js';

/**
 * A workflow as @dapr/dapr 3.18 runs it: an `async function*` that yields tasks
 * (activities, timers, events, child workflows) and returns the output.
 */
// The SDK hands back each task's result untyped, hence `any` as the generator's "next" type.
export type WorkflowFunction = (ctx: WorkflowContext, input: any) => AsyncGenerator<unknown, unknown, any>;

/** An activity: plain (possibly async) code that may do I/O; its result is stored in history. */
export type ActivityFunction = (ctx: WorkflowActivityContext, input: any) => unknown;

/** A bundled workflow, ready to register: its metadata, its function and its activities. */
export interface BundledWorkflow {
  /** Metadata for the console; `info.name` is the name the workflow is registered under. */
  readonly info: WorkflowInfo;
  readonly workflow: WorkflowFunction;
  /** Activities by the name the workflow calls them with. */
  readonly activities: Readonly<Record<string, ActivityFunction>>;
}

/**
 * Prints a progress line from workflow code once, not again on every replay (workflow code
 * re-runs from the start each time it resumes, so an unguarded print would repeat).
 */
export function workflowSays(ctx: WorkflowContext, workflowName: string, text: string): void {
  if (!ctx.isReplaying()) console.log(`[${workflowName} ${ctx.getWorkflowInstanceId()}] ${text}`);
}

/** Prints a line from activity code (activities run once per attempt, so no guard is needed). */
export function activitySays(activityName: string, ctx: WorkflowActivityContext, text: string): void {
  console.log(`[${activityName} ${ctx.getWorkflowInstanceId()}] ${text}`);
}
