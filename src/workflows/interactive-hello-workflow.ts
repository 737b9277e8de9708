/**
 * `interactive_hello_workflow`: the workshop's first workflow. It greets a name in ten steps
 * of two seconds, showing each step as custom status, has `interactive_hello_activity`
 * produce `Hello, NAME!`, then waits for `approvalEvent` and returns the greeting with the
 * event's data. An activity cannot set custom status, so the workflow runs one short step
 * activity per step and updates its status between them.
 */
import type { WorkflowActivityContext, WorkflowContext } from '@dapr/dapr';
import type { WorkflowInfo } from '../model/index.js';
import { activitySays, workflowSays, type BundledWorkflow } from './bundled-workflow.js';
import type { Pace } from './pace.js';

/** The registered name of the workflow. */
export const INTERACTIVE_HELLO_WORKFLOW = 'interactive_hello_workflow';
/** The activity that produces the greeting. */
export const INTERACTIVE_HELLO_ACTIVITY = 'interactive_hello_activity';
/** The activity that performs one step of work. */
export const INTERACTIVE_HELLO_STEP_ACTIVITY = 'interactive_hello_step_activity';
/** The event the workflow waits for after greeting. */
export const APPROVAL_EVENT = 'approvalEvent';
/** How many steps the greeting takes, and how long each one is (real-world seconds). */
export const INTERACTIVE_HELLO_STEPS = 10;
export const INTERACTIVE_HELLO_STEP_SECONDS = 2;

/** What the workflow returns once approved. */
export interface InteractiveHelloOutput {
  readonly initial_greeting: string;
  readonly event_data: unknown;
  readonly status: 'Approved';
}

/** Metadata for the console. */
export const interactiveHelloInfo: WorkflowInfo = {
  name: INTERACTIVE_HELLO_WORKFLOW,
  description: `Greets a name in ${INTERACTIVE_HELLO_STEPS} steps of ${INTERACTIVE_HELLO_STEP_SECONDS} s (progress in custom status), then waits for ${APPROVAL_EVENT}.`,
  exampleInput: 'Ada',
  events: [
    {
      name: APPROVAL_EVENT,
      examplePayload: { approved: true, approver: 'Grace' },
      // Any event approves the greeting: there is no reject payload.
      approvePayload: { approved: true, approver: 'Grace' },
    },
  ],
};

/** The name to greet: the input itself when it is a string, else its `name` field, else "World". */
export function nameFromInput(input: unknown): string {
  if (typeof input === 'string' && input.trim() !== '') return input.trim();
  if (input && typeof input === 'object' && typeof (input as { name?: unknown }).name === 'string') {
    const name = (input as { name: string }).name.trim();
    if (name !== '') return name;
  }
  return 'World';
}

/** The workflow, its activities and metadata, at the given pace. */
export function defineInteractiveHello(pace: Pace): BundledWorkflow {
  async function interactive_hello_step_activity(
    ctx: WorkflowActivityContext,
    input: { name: string; step: number; steps: number },
  ): Promise<number> {
    activitySays(INTERACTIVE_HELLO_STEP_ACTIVITY, ctx, `Working on the greeting for ${input.name}: step ${input.step} of ${input.steps}`);
    await pace.sleep(INTERACTIVE_HELLO_STEP_SECONDS);
    return input.step;
  }

  function interactive_hello_activity(ctx: WorkflowActivityContext, name: string): string {
    const greeting = `Hello, ${name}!`;
    activitySays(INTERACTIVE_HELLO_ACTIVITY, ctx, greeting);
    return greeting;
  }

  async function* interactive_hello_workflow(ctx: WorkflowContext, input: unknown) {
    const name = nameFromInput(input);
    for (let step = 1; step <= INTERACTIVE_HELLO_STEPS; step++) {
      ctx.setCustomStatus(`Step ${step} of ${INTERACTIVE_HELLO_STEPS}: greeting ${name}`);
      yield ctx.callActivity(INTERACTIVE_HELLO_STEP_ACTIVITY, { name, step, steps: INTERACTIVE_HELLO_STEPS });
    }
    const greeting: string = yield ctx.callActivity(INTERACTIVE_HELLO_ACTIVITY, name);
    ctx.setCustomStatus(`${greeting} Waiting for ${APPROVAL_EVENT}`);
    workflowSays(ctx, INTERACTIVE_HELLO_WORKFLOW, `${greeting} Now waiting for ${APPROVAL_EVENT}.`);
    const eventData: unknown = yield ctx.waitForExternalEvent(APPROVAL_EVENT);
    ctx.setCustomStatus('Approved');
    const output: InteractiveHelloOutput = { initial_greeting: greeting, event_data: eventData, status: 'Approved' };
    return output;
  }

  return {
    info: interactiveHelloInfo,
    workflow: interactive_hello_workflow,
    activities: {
      [INTERACTIVE_HELLO_STEP_ACTIVITY]: interactive_hello_step_activity,
      [INTERACTIVE_HELLO_ACTIVITY]: interactive_hello_activity,
    },
  };
}
