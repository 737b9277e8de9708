/**
 * Builds a new instance: its stored record (PENDING) and the ExecutionStarted event that its
 * first orchestrator turn delivers, held until the scheduled start time when there is one.
 */
import type { ChildStart } from '../backend.js';
import type { ParentInstance, TraceContext } from '../../model/index.js';

/** What a new instance is made of. */
export interface NewInstanceSpec {
  readonly instanceId: string;
  readonly name: string;
  readonly executionId: string;
  readonly input?: string;
  readonly scheduledStartAt?: number;
  readonly parent?: ParentInstance;
  readonly version?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly trace?: TraceContext;
  readonly now: number;
}

/** The record and first inbox event of a new instance (PENDING until its first turn). */
export function buildNewInstance(spec: NewInstanceSpec): ChildStart {
  const { instanceId, name, executionId, input, scheduledStartAt, parent, version, tags, trace, now } = spec;
  return {
    record: {
      instanceId,
      name,
      status: 'PENDING',
      executionId,
      createdAt: now,
      lastUpdatedAt: now,
      ...(input !== undefined && { input }),
      ...(scheduledStartAt !== undefined && { scheduledStartAt }),
      ...(parent && { parent, parentInstanceId: parent.instanceId }),
      ...(version !== undefined && { version }),
      ...(tags !== undefined && { tags }),
    },
    startEvent: {
      event: {
        eventId: -1,
        timestamp: now,
        kind: 'ExecutionStarted',
        name,
        executionId,
        ...(input !== undefined && { input }),
        ...(parent && { parent }),
        ...(scheduledStartAt !== undefined && { scheduledStartAt }),
        ...(version !== undefined && { version }),
        ...(tags !== undefined && { tags }),
        ...(trace !== undefined && { trace }),
      },
      ...(scheduledStartAt !== undefined && scheduledStartAt > now && { visibleAt: scheduledStartAt }),
    },
  };
}
