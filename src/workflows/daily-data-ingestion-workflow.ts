/**
 * `DailyDataIngestionWorkflow`: fan-out/fan-in. It ingests every source in parallel (one
 * activity each, `whenAll`), then merges the counts. Setting `fail_source` to one of the
 * sources makes that source's ingestion throw, so the workflow ends FAILED with failure
 * details to inspect (and then purge).
 */
import type { WorkflowActivityContext, WorkflowContext } from '@dapr/dapr';
import type { WorkflowInfo } from '../model/index.js';
import { activitySays, type BundledWorkflow } from './bundled-workflow.js';
import type { Pace } from './pace.js';

/** The registered name of the workflow. */
export const DAILY_DATA_INGESTION_WORKFLOW = 'DailyDataIngestionWorkflow';
/** Sources ingested when the input names none. */
export const DEFAULT_INGESTION_SOURCES: readonly string[] = ['crm', 'billing', 'web_analytics', 'inventory', 'support_tickets'];

/** The workflow's input. */
export interface IngestionInput {
  /** The day to ingest (YYYY-MM-DD); the workflow's current date when absent. */
  readonly date?: string;
  readonly sources?: readonly string[];
  /** True to make one source's ingestion fail on purpose (to show failure details and purge). */
  readonly fail?: boolean;
  /** Which source fails when `fail` is true (default: the last one); naming a source alone also makes it fail. */
  readonly fail_source?: string | null;
}

/** What one source's ingestion returns. */
export interface SourceResult {
  readonly source: string;
  readonly records: number;
}

/** What the workflow returns. */
export interface IngestionOutput {
  readonly status: 'Ingested';
  readonly date: string;
  readonly sources: readonly SourceResult[];
  readonly total_records: number;
}

/** Metadata for the console. */
export const dailyDataIngestionInfo: WorkflowInfo = {
  name: DAILY_DATA_INGESTION_WORKFLOW,
  description: 'Ingests several sources in parallel, then merges; set "fail": true to see it fail.',
  exampleInput: { date: '2025-06-30', sources: [...DEFAULT_INGESTION_SOURCES], fail: false },
  events: [],
};

/** A stable record count for a source and day (so runs are easy to compare). */
function recordCount(source: string, date: string): number {
  let hash = 17;
  for (const char of `${source}/${date}`) hash = (hash * 31 + char.charCodeAt(0)) % 100_000;
  return 1_000 + (hash % 9_000);
}

/** The workflow, its activities and metadata, at the given pace. */
export function defineDailyDataIngestion(pace: Pace): BundledWorkflow {
  async function ingest_source(
    ctx: WorkflowActivityContext,
    input: { source: string; date: string; fail: boolean },
  ): Promise<SourceResult> {
    activitySays('ingest_source', ctx, `Ingesting ${input.source} for ${input.date}...`);
    // Sources take different times, so the fan-in visibly waits for the slowest.
    await pace.sleep(2 + (recordCount(input.source, input.date) % 4));
    if (input.fail) {
      throw new Error(`Ingesting source "${input.source}" failed: the connection was refused (a simulated failure the input asked for).`);
    }
    const records = recordCount(input.source, input.date);
    activitySays('ingest_source', ctx, `Ingested ${records} records from ${input.source}.`);
    return { source: input.source, records };
  }

  async function merge_ingested_data(ctx: WorkflowActivityContext, results: readonly SourceResult[]): Promise<number> {
    await pace.sleep(1);
    const total = results.reduce((sum, result) => sum + result.records, 0);
    activitySays('merge_ingested_data', ctx, `Merged ${results.length} sources: ${total} records.`);
    return total;
  }

  async function* DailyDataIngestionWorkflow(ctx: WorkflowContext, input: IngestionInput | null) {
    const date = typeof input?.date === 'string' && input.date !== '' ? input.date : ctx.getCurrentUtcDateTime().toISOString().slice(0, 10);
    const sources = Array.isArray(input?.sources) && input.sources.length > 0 ? input.sources.map(String) : [...DEFAULT_INGESTION_SOURCES];
    const failSource = typeof input?.fail_source === 'string' && input.fail_source !== '' ? input.fail_source : input?.fail === true ? sources.at(-1) : undefined;
    ctx.setCustomStatus(`Ingesting ${sources.length} sources in parallel`);
    const tasks = sources.map((source) => ctx.callActivity('ingest_source', { source, date, fail: source === failSource }));
    const results: SourceResult[] = yield ctx.whenAll(tasks);
    ctx.setCustomStatus(`Merging ${results.length} sources`);
    const total: number = yield ctx.callActivity('merge_ingested_data', results);
    ctx.setCustomStatus(`Ingested ${total} records`);
    const output: IngestionOutput = { status: 'Ingested', date, sources: results, total_records: total };
    return output;
  }

  return {
    info: dailyDataIngestionInfo,
    workflow: DailyDataIngestionWorkflow,
    activities: { ingest_source, merge_ingested_data },
  };
}
