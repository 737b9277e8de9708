/**
 * Seeds a store fast for the 100,000-instance benchmark: copies of instances the real start
 * path made (their record and history), written through the storage interface (the SQLite
 * backend) in write groups of 1,000, while no sidecar has the store open. Each copy has its
 * own ID, run and creation time, and its history is written turn by turn as the engine
 * wrote the original's, so the store's tables and indexes hold what a real store would.
 */
import { join } from 'node:path';
import { STORE_FILE_NAME } from '../../src/engine/index.js';
import { openSqliteBackend } from '../../src/engine/sqlite/sqlite-backend.js';
import type { HistoryEvent } from '../../src/model/index.js';

/** How many copies of which template instance to write. */
export interface SeedPlan {
  readonly templateId: string;
  readonly count: number;
  readonly idPrefix: string;
}

/** The history cut into the turns that wrote it: each turn starts with an OrchestratorStarted event. */
function splitIntoTurns(history: readonly HistoryEvent[]): HistoryEvent[][] {
  const turns: HistoryEvent[][] = [];
  for (const event of history) {
    if (event.kind === 'OrchestratorStarted' || turns.length === 0) turns.push([]);
    turns[turns.length - 1]!.push(event);
  }
  return turns;
}

/** Writes the copies into the store of `dataDir`; returns the count written. */
export function seedStore(dataDir: string, plans: readonly SeedPlan[]): number {
  const backend = openSqliteBackend({ file: join(dataDir, STORE_FILE_NAME) });
  let written = 0;
  try {
    for (const plan of plans) {
      const template = backend.getInstance(plan.templateId);
      if (!template) throw new Error(`the template instance ${plan.templateId} does not exist`);
      const history = backend.getHistory(plan.templateId);
      const start = history.find((event) => event.kind === 'ExecutionStarted');
      if (!start) throw new Error(`the template instance ${plan.templateId} has no ExecutionStarted event`);
      const base = Date.now() - 3_600_000;
      backend.beginGroup();
      for (let i = 0; i < plan.count; i += 1) {
        const instanceId = `${plan.idPrefix}-${i}`;
        const executionId = `${instanceId}-run`;
        const at = base + i;
        const { completedAt: _c, purgeAt: _p, ...rest } = template;
        backend.createInstance(
          { ...rest, instanceId, executionId, status: 'PENDING', createdAt: at, lastUpdatedAt: at },
          { event: { ...start, executionId } as typeof start },
        );
        const turns = splitIntoTurns(history);
        turns.forEach((turn, index) => {
          const isLast = index === turns.length - 1;
          backend.commitTurn({
            instanceId,
            executionId,
            consumedInboxSeqs: index === 0 ? backend.getDeliverableInbox(instanceId, Date.now()).map((entry) => entry.seq) : [],
            resetHistory: false,
            historyAppend: turn,
            update: {
              status: isLast ? template.status : 'RUNNING',
              executionId,
              lastUpdatedAt: at + index,
              ...(template.input !== undefined && { input: template.input }),
              ...(isLast && template.output !== undefined && { output: template.output }),
              ...(isLast && template.customStatus !== undefined && { customStatus: template.customStatus }),
              ...(isLast && template.completedAt !== undefined && { completedAt: at + index }),
            },
            activities: [],
            selfInbox: [],
            carryUndeliveredEvents: false,
            dropPendingWork: isLast && template.completedAt !== undefined,
            childStarts: [],
            messages: [],
          });
        });
        written += 1;
        if (i % 1000 === 999) {
          backend.commitGroup();
          backend.beginGroup();
        }
      }
      backend.commitGroup();
    }
  } finally {
    backend.close();
  }
  return written;
}
