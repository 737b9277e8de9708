/**
 * The side effects of lifecycle actions: calls the sidecar client, reports the outcome in
 * the status line (one sentence; errors through describeError), and asks the tracker to
 * re-check the instance at once. Bulk actions over marked instances, approvals from the
 * inbox (remembering what was sent), reruns, and waiting for completion run here too.
 */
import { useCallback, useEffect, useRef, type Dispatch } from 'react';
import { describeError, isAbortError } from '../../src/client/errors.js';
import type { SidecarClient } from '../../src/client/types.js';
import { safeLine } from '../../src/text/safe-text.js';
import type { InstanceTracker } from '../../src/tracker/index.js';
import type { AppAction } from '../app-state.js';
import type { StartRequestInput } from '../forms/start-form.js';
import type { SentHow, SentPayloadMemory } from '../../src/tracker/sent-payload-store.js';
import { boundedMap } from '../../src/tracker/bounded-map.js';
import type { RuntimeStatus } from '../../src/model/index.js';
import {
  bulkSentence,
  doneSentence,
  pendingSentence,
  refusal,
  waitSentence,
  type BulkAction,
  type BulkOutcome,
} from './instance-actions.js';

/** Options of useInstanceActions. */
export interface InstanceActionsOptions {
  readonly client: SidecarClient;
  readonly tracker: InstanceTracker;
  readonly dispatch: Dispatch<AppAction>;
  readonly clock: () => number;
  readonly waitTimeoutMs: number;
  /** Where sent payloads are remembered (for the inbox). */
  readonly sentPayloads: SentPayloadMemory;
}

/** One instance a bulk action applies to, with what the table last knew of it. */
export interface BulkTarget {
  readonly instanceId: string;
  readonly status: RuntimeStatus;
  readonly workflowName: string;
}

/** What a rerun sends (validated). */
export interface RerunRequestInput {
  readonly sourceInstanceId: string;
  readonly eventId: number;
  readonly newInstanceId?: string;
  /** Compact JSON: the rerun activity's new input (with overwriteInput). */
  readonly input?: string;
  /** Replace the activity's input with `input` (none when `input` is absent); otherwise it keeps its input. */
  readonly overwriteInput?: boolean;
}

/** The action runners the App's key handlers call. */
export interface InstanceActions {
  suspend(instanceId: string): Promise<void>;
  resume(instanceId: string): Promise<void>;
  terminate(instanceId: string): Promise<void>;
  purge(instanceId: string): Promise<void>;
  /** Rejects with the sidecar's error (the form shows it); reports success in the status line. */
  raiseEvent(instanceId: string, workflowName: string, eventName: string, payload: string | undefined, how?: SentHow): Promise<void>;
  /**
   * Applies `action` to every target (instances it does not apply to are counted as failed
   * with the reason, and not sent); the status line gives the summary. Resolves when done.
   */
  bulk(action: BulkAction, targets: readonly BulkTarget[], event?: { readonly name: string; readonly payload?: string }): Promise<void>;
  /** Rejects with the sidecar's error (the form shows it); tracks and selects the new instance. */
  rerun(request: RerunRequestInput): Promise<void>;
  /** Rejects with the sidecar's error (the form shows it); tracks and selects the new instance. */
  start(request: StartRequestInput): Promise<void>;
  /** Resolves to an error sentence when the instance cannot be watched. */
  watch(instanceId: string): Promise<string | undefined>;
  /** Starts waiting (the App shows the spinner); the outcome lands in the status line. */
  wait(instanceId: string, from: 'table' | 'details'): void;
  /** Stops a wait in progress. */
  stopWaiting(): void;
}

/** Binds the action runners to a client, a tracker and the UI reducer. */
export function useInstanceActions({ client, tracker, dispatch, clock, waitTimeoutMs, sentPayloads }: InstanceActionsOptions): InstanceActions {
  const waitRef = useRef<{ controller: AbortController; stop: () => void } | undefined>(undefined);
  useEffect(
    () => () => {
      waitRef.current?.controller.abort();
      waitRef.current = undefined;
    },
    [],
  );

  const simple = useCallback(
    async (action: 'suspend' | 'resume' | 'terminate' | 'purge', instanceId: string, call: () => Promise<void>) => {
      dispatch({ type: 'action-started', text: pendingSentence(action, instanceId) });
      try {
        await call();
        dispatch({ type: 'message-shown', message: { text: doneSentence(action, instanceId), tone: 'success' } });
      } catch (error) {
        dispatch({ type: 'message-shown', message: { text: describeError(error), tone: 'error' } });
      }
      await tracker.refreshNow([instanceId]);
    },
    [dispatch, tracker],
  );

  const suspend = useCallback((id: string) => simple('suspend', id, () => client.suspend(id)), [simple, client]);
  const resume = useCallback((id: string) => simple('resume', id, () => client.resume(id)), [simple, client]);
  const terminate = useCallback((id: string) => simple('terminate', id, () => client.terminate(id)), [simple, client]);
  const purge = useCallback((id: string) => simple('purge', id, () => client.purge(id)), [simple, client]);

  const raiseEvent = useCallback(
    async (instanceId: string, workflowName: string, eventName: string, payload: string | undefined, how: SentHow = 'form') => {
      if (how !== 'form') dispatch({ type: 'action-started', text: pendingSentence('raise-event', instanceId, eventName) });
      await client.raiseEvent(instanceId, eventName, payload);
      sentPayloads.remember(workflowName, eventName, payload, how);
      dispatch({ type: 'event-raised', name: eventName });
      if (how === 'form') dispatch({ type: 'mode-closed' });
      const verb = how === 'approve' ? 'Approved' : how === 'reject' ? 'Rejected' : undefined;
      const text = verb ? `${verb} ${safeLine(instanceId)} (${safeLine(eventName)} sent).` : doneSentence('raise-event', instanceId, eventName);
      dispatch({ type: 'message-shown', message: { text, tone: 'success' } });
      void tracker.refreshNow([instanceId]);
    },
    [client, dispatch, tracker, sentPayloads],
  );

  const bulk = useCallback(
    async (action: BulkAction, targets: readonly BulkTarget[], event?: { readonly name: string; readonly payload?: string }) => {
      dispatch({ type: 'action-started', text: `Sending to ${targets.length} marked instance${targets.length === 1 ? '' : 's'}…` });
      const send = (id: string): Promise<void> => {
        switch (action) {
          case 'suspend':
            return client.suspend(id);
          case 'resume':
            return client.resume(id);
          case 'terminate':
            return client.terminate(id);
          case 'purge':
            return client.purge(id);
          case 'raise-event':
            return client.raiseEvent(id, event?.name ?? '', event?.payload);
        }
      };
      const results = await boundedMap(targets, 4, async (target): Promise<BulkOutcome> => {
        const why = refusal(action, target.instanceId, target.status);
        if (why) return { instanceId: target.instanceId, problem: why };
        try {
          await send(target.instanceId);
          return { instanceId: target.instanceId };
        } catch (error) {
          return { instanceId: target.instanceId, problem: `${safeLine(target.instanceId)}: ${describeError(error)}` };
        }
      });
      const outcomes = results.map((result, index) =>
        result && 'value' in result ? result.value : { instanceId: targets[index]!.instanceId, problem: 'not sent' },
      );
      if (action === 'raise-event' && event) {
        const sentTo = new Set(outcomes.filter((outcome) => !outcome.problem).map((outcome) => outcome.instanceId));
        for (const name of new Set(targets.filter((target) => sentTo.has(target.instanceId)).map((target) => target.workflowName))) {
          sentPayloads.remember(name, event.name, event.payload, 'form');
        }
        dispatch({ type: 'event-raised', name: event.name });
      }
      const failed = outcomes.some((outcome) => outcome.problem !== undefined);
      dispatch({ type: 'message-shown', message: { text: bulkSentence(action, outcomes), tone: failed ? 'error' : 'success' } });
      await tracker.refreshNow(targets.map((target) => target.instanceId));
    },
    [client, dispatch, tracker, sentPayloads],
  );

  const rerun = useCallback(
    async (request: RerunRequestInput) => {
      const instanceId = await client.rerunWorkflowFromEvent({
        sourceInstanceId: request.sourceInstanceId,
        eventId: request.eventId,
        ...(request.newInstanceId !== undefined ? { newInstanceId: request.newInstanceId } : {}),
        ...(request.overwriteInput ? { overwriteInput: true, ...(request.input !== undefined ? { input: request.input } : {}) } : {}),
      });
      tracker.track(instanceId);
      dispatch({ type: 'mode-opened', mode: { kind: 'table' } });
      dispatch({ type: 'cursor-moved', id: instanceId, index: 0 });
      dispatch({
        type: 'message-shown',
        message: { text: `Reran ${safeLine(request.sourceInstanceId)} from event ${request.eventId} as ${safeLine(instanceId)}.`, tone: 'success' },
      });
    },
    [client, dispatch, tracker],
  );

  const start = useCallback(
    async (request: StartRequestInput) => {
      const instanceId = await client.start(request.workflowName, { instanceId: request.instanceId, input: request.input });
      tracker.track(instanceId);
      dispatch({ type: 'mode-closed' });
      dispatch({ type: 'cursor-moved', id: instanceId, index: 0 });
      dispatch({
        type: 'message-shown',
        message: { text: `Started ${safeLine(request.workflowName)} as ${safeLine(instanceId)}.`, tone: 'success' },
      });
    },
    [client, dispatch, tracker],
  );

  const watch = useCallback(
    async (instanceId: string) => {
      const found = await tracker.watch(instanceId);
      if (!found) return `No instance ${safeLine(instanceId)} on this sidecar.`;
      dispatch({ type: 'mode-closed' });
      dispatch({ type: 'cursor-moved', id: instanceId, index: 0 });
      dispatch({ type: 'message-shown', message: { text: `Watching ${safeLine(instanceId)}.`, tone: 'success' } });
      return undefined;
    },
    [dispatch, tracker],
  );

  const wait = useCallback(
    (instanceId: string, from: 'table' | 'details') => {
      waitRef.current?.controller.abort();
      const controller = new AbortController();
      const current = {
        controller,
        stop: () => {
          controller.abort();
          finish(`Stopped waiting for ${safeLine(instanceId)}.`, 'info');
        },
      };
      waitRef.current = current;
      const startedAt = clock();
      dispatch({ type: 'mode-opened', mode: { kind: 'wait', instanceId, startedAt, from } });
      client.waitForCompletion(instanceId, waitTimeoutMs, controller.signal).then(
        (instance) => {
          const text = waitSentence(instanceId, instance.status, clock() - startedAt, instance.failure?.errorMessage);
          const tone = instance.status === 'COMPLETED' ? 'success' : instance.status === 'FAILED' ? 'error' : 'info';
          finish(text, tone);
        },
        (error: unknown) => {
          if (isAbortError(error)) finish(`Stopped waiting for ${safeLine(instanceId)}.`, 'info');
          else finish(describeError(error), 'error');
        },
      );
      function finish(text: string, tone: 'success' | 'error' | 'info') {
        if (waitRef.current !== current) return;
        waitRef.current = undefined;
        dispatch({ type: 'mode-closed' });
        dispatch({ type: 'message-shown', message: { text, tone } });
        void tracker.refreshNow([instanceId]);
      }
    },
    [client, clock, dispatch, tracker, waitTimeoutMs],
  );

  const stopWaiting = useCallback(() => {
    waitRef.current?.stop();
  }, []);

  return { suspend, resume, terminate, purge, raiseEvent, bulk, rerun, start, watch, wait, stopWaiting };
}
