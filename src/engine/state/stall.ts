/**
 * When a worker cannot run an instance's code as its history was written, daprd marks the
 * instance STALLED instead of applying the turn: the worker answered with
 * WorkflowVersionNotAvailable, or the patches its code applied this turn do not start with
 * the patches recorded in the history (history patches must be a prefix of the current
 * ones), or it set Durable Task's older patch-mismatch flag. Pure functions.
 */
import type { HistoryEvent, OrchestratorResult, StalledReason } from '../../model/index.js';

/** Why a turn stalls the instance, or undefined when it does not. */
export interface Stall {
  readonly reason: StalledReason;
  readonly description: string;
}

/** What the history so far says about versions: every patch recorded (in order) and the first version name. */
export interface HistoryVersionInfo {
  readonly patches: readonly string[];
  readonly versionName?: string;
}

/** The patches and version name recorded in a history's OrchestratorStarted events. */
export function versionInfoOf(history: readonly HistoryEvent[]): HistoryVersionInfo {
  const patches: string[] = [];
  let versionName: string | undefined;
  for (const event of history) {
    if (event.kind !== 'OrchestratorStarted' || !event.version) continue;
    versionName ??= event.version.name;
    for (const patch of event.version.patches) if (!patches.includes(patch)) patches.push(patch);
  }
  return versionName === undefined ? { patches } : { patches, versionName };
}

/** The stall a worker's answer causes, given what the history records; undefined when the turn applies normally. */
export function stallOf(result: OrchestratorResult, history: HistoryVersionInfo): Stall | undefined {
  if (result.actions.some((action) => action.kind === 'VersionNotAvailable')) {
    return { reason: 'VERSION_NOT_AVAILABLE', description: `Version not available: ${history.versionName ?? ''}` };
  }
  const current = result.version?.patches ?? [];
  const isPrefix = history.patches.length <= current.length && history.patches.every((patch, index) => current[index] === patch);
  if (result.patchMismatch || (history.patches.length > 0 && !isPrefix)) {
    return {
      reason: 'PATCH_MISMATCH',
      description: `Patch mismatch. History patches: [${history.patches.join(', ')}], current patches: [${current.join(', ')}].`,
    };
  }
  return undefined;
}

/** The ExecutionStalled event to append, or undefined when the history already ends with the same stall. */
export function stalledEvent(stall: Stall, history: readonly HistoryEvent[], now: number): HistoryEvent | undefined {
  const last = history[history.length - 1];
  if (last?.kind === 'ExecutionStalled' && last.description === stall.description) return undefined;
  return { eventId: -1, timestamp: now, kind: 'ExecutionStalled', reason: stall.reason, description: stall.description };
}
