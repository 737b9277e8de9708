/**
 * Fetches the history of the instance shown in details, again whenever the instance changes
 * (its last-updated time), and says so when the sidecar has no history call.
 */
import { useEffect, useState } from 'react';
import { describeError, UnsupportedBySidecarError } from '../../src/client/errors.js';
import type { SidecarClient } from '../../src/client/types.js';
import type { HistoryState } from '../details/details-lines.js';

/** The history of `instanceId` (undefined: nothing to fetch), refetched when `revision` changes. */
export function useHistory(client: SidecarClient, instanceId: string | undefined, revision: number): HistoryState {
  const [state, setState] = useState<{ id?: string; history: HistoryState }>({ history: { kind: 'loading' } });
  useEffect(() => {
    if (instanceId === undefined) return undefined;
    let isCurrent = true;
    client.history(instanceId).then(
      (events) => {
        if (isCurrent) setState({ id: instanceId, history: { kind: 'loaded', events } });
      },
      (error: unknown) => {
        if (!isCurrent) return;
        const history: HistoryState =
          error instanceof UnsupportedBySidecarError ? { kind: 'unsupported' } : { kind: 'failed', message: describeError(error) };
        setState({ id: instanceId, history });
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [client, instanceId, revision]);
  return state.id === instanceId ? state.history : { kind: 'loading' };
}
