/**
 * The inbox, pure: which rows wait for an external event (from the history readings), which
 * event each waits for and what the approve and reject keys would send, grouped by workflow
 * and event name. Names and payloads come from the workflow's metadata where it has any;
 * otherwise the name comes from events raised on instances of that workflow, and the
 * payloads from what was last sent for that workflow and event.
 */
import type { WorkflowEventInfo, WorkflowInfo } from '../../src/model/index.js';
import type { WaitReading } from '../../src/tracker/wait-watch.js';
import type { SentPayloads } from '../../src/tracker/sent-payload-store.js';
import type { TrackedInstance } from '../../src/tracker/index.js';
import { toJsonText } from '../forms/field-validation.js';

/** One waiting instance in the inbox. */
export interface InboxEntry {
  readonly row: TrackedInstance;
  /** The event it waits for, when known. */
  readonly eventName?: string;
  /** When its timer runs out (a wait with a timeout), ms since the epoch. */
  readonly timeoutAt?: number;
  /** JSON text the approve key sends ('' = no payload), or undefined when unknown. */
  readonly approvePayload?: string;
  readonly rejectPayload?: string;
  /** The first row of its workflow-and-event group. */
  readonly isGroupStart: boolean;
  /** How many rows its group has. */
  readonly groupSize: number;
}

/** What the inbox reads besides the rows. */
export interface InboxSources {
  readonly reading: (instanceId: string) => WaitReading | undefined;
  readonly workflows: readonly WorkflowInfo[];
  /** Event names raised on instances of a workflow (from their histories), most common first. */
  readonly raisedFor: (workflowName: string) => readonly string[];
  readonly sent: (workflowName: string, eventName: string) => SentPayloads | undefined;
  /** Event names remembered as sent for a workflow. */
  readonly sentNamesFor: (workflowName: string) => readonly string[];
}

/** The event metadata says a workflow waits for: the first with an approve payload, else the first. */
function metadataEvent(workflow: WorkflowInfo | undefined): WorkflowEventInfo | undefined {
  const events = workflow?.events ?? [];
  return events.find((event) => event.approvePayload !== undefined) ?? events[0];
}

/** `payload` with a boolean `approved` field flipped, or undefined when it has none. */
export function flippedDecision(payload: string | undefined): string | undefined {
  if (!payload) return undefined;
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    if (typeof record.approved !== 'boolean') return undefined;
    return JSON.stringify({ ...record, approved: !record.approved });
  } catch {
    return undefined;
  }
}

/** The event name and the approve and reject payloads for an instance of `workflowName`. */
export function approvalFor(workflowName: string, sources: InboxSources): Pick<InboxEntry, 'eventName' | 'approvePayload' | 'rejectPayload'> {
  const workflow = sources.workflows.find((candidate) => candidate.name === workflowName);
  const known = metadataEvent(workflow);
  if (known) {
    const sent = sources.sent(workflowName, known.name);
    const approve =
      known.approvePayload !== undefined ? toJsonText(known.approvePayload) : (sent?.approve ?? sent?.last ?? toJsonText(known.examplePayload));
    const reject =
      known.rejectPayload !== undefined
        ? toJsonText(known.rejectPayload)
        : known.approvePayload !== undefined
          ? undefined
          : (sent?.reject ?? flippedDecision(approve));
    return { eventName: known.name, approvePayload: approve, rejectPayload: reject };
  }
  if (workflow && workflow.events.length === 0 && sources.sentNamesFor(workflowName).length === 0) return {};
  const eventName = sources.raisedFor(workflowName)[0] ?? sources.sentNamesFor(workflowName)[0];
  if (eventName === undefined) return {};
  const sent = sources.sent(workflowName, eventName);
  const approve = sent?.approve ?? sent?.last;
  return { eventName, approvePayload: approve, rejectPayload: sent?.reject ?? flippedDecision(approve) };
}

/**
 * The inbox's rows: those of `rows` whose history says they wait for an event, grouped by
 * workflow and event name (groups in name order, newest first within a group). Workflows
 * whose metadata lists no event and that were never sent one are left out when a timer is
 * all they wait for (they sleep; nobody is asked to decide).
 */
export function inboxEntries(rows: readonly TrackedInstance[], sources: InboxSources): InboxEntry[] {
  const waiting: Omit<InboxEntry, 'isGroupStart' | 'groupSize'>[] = [];
  const approvals = new Map<string, ReturnType<typeof approvalFor>>();
  for (const row of rows) {
    if (row.status !== 'RUNNING') continue;
    const reading = sources.reading(row.instanceId);
    if (!reading || reading.state.kind !== 'awaiting-event' || reading.lastUpdatedAt !== row.lastUpdatedAt) continue;
    let approval = approvals.get(row.name);
    if (!approval) {
      approval = approvalFor(row.name, sources);
      approvals.set(row.name, approval);
    }
    const timeoutAt = reading.state.timeoutAt;
    if (approval.eventName === undefined && timeoutAt !== undefined) {
      const workflow = sources.workflows.find((candidate) => candidate.name === row.name);
      if (workflow && workflow.events.length === 0) continue;
    }
    waiting.push({ row, ...approval, ...(timeoutAt !== undefined ? { timeoutAt } : {}) });
  }
  const groupOf = (entry: { row: TrackedInstance; eventName?: string }) => `${entry.row.name}\u0000${entry.eventName ?? ''}`;
  waiting.sort((a, b) => {
    const byGroup = groupOf(a).localeCompare(groupOf(b));
    if (byGroup !== 0) return byGroup;
    return b.row.createdAt - a.row.createdAt || a.row.instanceId.localeCompare(b.row.instanceId);
  });
  const sizes = new Map<string, number>();
  for (const entry of waiting) sizes.set(groupOf(entry), (sizes.get(groupOf(entry)) ?? 0) + 1);
  return waiting.map((entry, index) => ({
    ...entry,
    isGroupStart: index === 0 || groupOf(waiting[index - 1]!) !== groupOf(entry),
    groupSize: sizes.get(groupOf(entry))!,
  }));
}
