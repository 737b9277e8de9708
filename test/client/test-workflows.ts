/**
 * Small workflows the client, verb and HTTP API tests run on the embedded sidecar through
 * the real SDK's WorkflowRuntime: one that completes through an activity, one that waits
 * for an external event, one that fails, and one that sets a custom status first.
 */
import type { TestActivity, TestWorkflow } from '../helpers/sidecar-harness.js';

/** Workflows by registered name. */
export const testWorkflows: Record<string, TestWorkflow> = {
  /** Greets `input.name` through the `greet` activity. */
  async *Greeter(ctx, input: { name?: string } | undefined) {
    return yield ctx.callActivity('greet', input?.name ?? 'nobody');
  },
  /** Waits for the `Approval` event and returns its payload. */
  async *Approval(ctx) {
    const decision = yield ctx.waitForExternalEvent('Approval');
    return { decision };
  },
  /** Fails in its activity. */
  async *Failing(ctx) {
    yield ctx.callActivity('decline', 'card-1');
    return 'unreachable';
  },
  /** Sets a custom status, then waits for `Go`. */
  async *Staged(ctx) {
    ctx.setCustomStatus('waiting for go');
    yield ctx.waitForExternalEvent('Go');
    return 'done';
  },
};

/** Activities by registered name. */
export const testActivities: Record<string, TestActivity> = {
  greet: (_ctx, name: string) => `Hello, ${name}!`,
  decline: (_ctx, card: string) => {
    throw new Error(`card ${card} was declined`);
  },
};
