/**
 * Remembers the last payload sent for each workflow and event name (and, from the inbox,
 * the last approve and reject payloads), in a small JSON file in the data directory, so the
 * inbox can offer them for workflows without metadata, also after a restart. Writes are
 * atomic (temporary file, then rename); a missing or unreadable file counts as empty, and
 * a file that cannot be written leaves the memory working for this run.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** How a payload was sent: from the inbox's approve or reject key, or from the event form. */
export type SentHow = 'approve' | 'reject' | 'form';

/** What is remembered for one workflow and event. */
export interface SentPayloads {
  /** The event name as last sent. */
  readonly name: string;
  readonly approve?: string;
  readonly reject?: string;
  /** The last payload sent in any way. */
  readonly last?: string;
}

/** The memory of sent payloads the console reads and feeds. */
export interface SentPayloadMemory {
  /** What was sent for `workflowName` and `eventName` (case-insensitive), if anything. */
  get(workflowName: string, eventName: string): SentPayloads | undefined;
  /** Event names remembered for `workflowName`, as last sent. */
  namesFor(workflowName: string): string[];
  /** Records a payload (JSON text or undefined for none). */
  remember(workflowName: string, eventName: string, payload: string | undefined, how: SentHow): void;
}

type Stored = Record<string, Record<string, SentPayloads>>;

function keyOf(eventName: string): string {
  return eventName.trim().toLowerCase();
}

function parseStored(text: string): Stored {
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
    const out: Stored = {};
    for (const [workflow, events] of Object.entries(data as Record<string, unknown>)) {
      if (typeof events !== 'object' || events === null) continue;
      for (const [key, entry] of Object.entries(events as Record<string, unknown>)) {
        if (typeof entry !== 'object' || entry === null) continue;
        const record = entry as Record<string, unknown>;
        if (typeof record.name !== 'string') continue;
        const text = (field: string) => (typeof record[field] === 'string' ? { [field]: record[field] as string } : {});
        (out[workflow] ??= {})[key] = { name: record.name, ...text('approve'), ...text('reject'), ...text('last') };
      }
    }
    return out;
  } catch {
    return {};
  }
}

/** A SentPayloadMemory kept in `path` (JSON); without a path it lasts for this run only. */
export class SentPayloadStore implements SentPayloadMemory {
  #stored: Stored;
  /** The last write error, if the file could not be written. */
  lastError: unknown;

  constructor(private readonly path?: string) {
    let text = '';
    try {
      text = path ? readFileSync(path, 'utf8') : '';
    } catch {
      text = '';
    }
    this.#stored = text === '' ? {} : parseStored(text);
  }

  get(workflowName: string, eventName: string): SentPayloads | undefined {
    return this.#stored[workflowName]?.[keyOf(eventName)];
  }

  namesFor(workflowName: string): string[] {
    return Object.values(this.#stored[workflowName] ?? {}).map((entry) => entry.name);
  }

  remember(workflowName: string, eventName: string, payload: string | undefined, how: SentHow): void {
    const key = keyOf(eventName);
    const before = this.#stored[workflowName]?.[key];
    const value = payload ?? '';
    const next: SentPayloads = {
      ...before,
      name: eventName.trim(),
      last: value,
      ...(how === 'approve' ? { approve: value } : how === 'reject' ? { reject: value } : {}),
    };
    this.#stored = { ...this.#stored, [workflowName]: { ...this.#stored[workflowName], [key]: next } };
    this.#write();
  }

  #write(): void {
    if (!this.path) return;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(this.#stored, null, 2), { mode: 0o600 });
      renameSync(temporary, this.path);
      this.lastError = undefined;
    } catch (error) {
      this.lastError = error;
    }
  }
}
