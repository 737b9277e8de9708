/**
 * The side effects of lifecycle actions: calls the sidecar client, reports the outcome in
 * the status line (one sentence; errors through describeError), and asks the tracker to
 * re-check the instance at once. Waiting for completion runs here too, abortable.
 */
import { useCallback, useEffect, useRef, type Dispatch } from 'react';
import { describeError, isAbortError } from '../../src/client/errors.js';
import type { SidecarClient } from '../../src/client/types.js';
import { safeLine } from '../../src/text/safe-text.js';
import type { InstanceTracker } from '../../src/tracker/index.js';
import type { AppAction } from '../app-state.js';
import type { StartRequestInput } from '../forms/start-form.js';
import { doneSentence, pendingSentence, waitSentence } from './instance-actions.js';

/** Options of useInstanceActions. */
export interface InstanceActionsOptions {
  readonly client: SidecarClient;
  readonly tracker: InstanceTracker;
  readonly dispatch: Dispatch<AppAction>;
  readonly clock: () => number;
  readonly waitTimeoutMs: number;
}

/** The action runners the App's key handlers call. */
export interface InstanceActions {
  suspend(instanceId: string): Promise<void>;
  resume(instanceId: string): Promise<void>;
  terminate(instanceId: string): Promise<void>;
  purge(instanceId: string): Promise<void>;
  /** Rejects with the sidecar's error (the form shows it); reports success in the status line. */
  raiseEvent(instanceId: string, eventName: string, payload: string | undefined): Promise<void>;
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
export function useInstanceActions({ client, tracker, dispatch, clock, waitTimeoutMs }: InstanceActionsOptions): InstanceActions {
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
    async (instanceId: string, eventName: string, payload: string | undefined) => {
      await client.raiseEvent(instanceId, eventName, payload);
      dispatch({ type: 'event-raised', name: eventName });
      dispatch({ type: 'mode-closed' });
      dispatch({ type: 'message-shown', message: { text: doneSentence('raise-event', instanceId, eventName), tone: 'success' } });
      void tracker.refreshNow([instanceId]);
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

  return { suspend, resume, terminate, purge, raiseEvent, start, watch, wait, stopWaiting };
}
