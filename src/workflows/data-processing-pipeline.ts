/**
 * `DataProcessingPipeline`: child workflows. The pipeline splits a dataset into partitions,
 * runs `ProcessPartitionWorkflow` as a child workflow for each (in parallel, with IDs
 * derived from the parent's), then aggregates. Made for wait-for-completion: the parent
 * completes only after every child has.
 */
import type { WorkflowActivityContext, WorkflowContext } from '@dapr/dapr';
import type { WorkflowInfo } from '../model/index.js';
import { activitySays, type BundledWorkflow } from './bundled-workflow.js';
import type { Pace } from './pace.js';

/** The registered names of the parent and the child workflow. */
export const DATA_PROCESSING_PIPELINE = 'DataProcessingPipeline';
export const PROCESS_PARTITION_WORKFLOW = 'ProcessPartitionWorkflow';
/** Partitions when the input names no count; the most accepted. */
export const DEFAULT_PARTITIONS = 3;
export const MAX_PARTITIONS = 20;

/** The pipeline's input. */
export interface PipelineInput {
  readonly dataset: string;
  readonly partitions?: number;
}

/** What one child returns. */
export interface PartitionResult {
  readonly partition: number;
  readonly records: number;
}

/** What the pipeline returns. */
export interface PipelineOutput {
  readonly status: 'Completed';
  readonly dataset: string;
  readonly partitions: readonly PartitionResult[];
  readonly total_records: number;
}

/** Metadata for the console: the pipeline. */
export const dataProcessingPipelineInfo: WorkflowInfo = {
  name: DATA_PROCESSING_PIPELINE,
  description: `Runs one ${PROCESS_PARTITION_WORKFLOW} child per partition, then aggregates: wait for its completion.`,
  exampleInput: { dataset: 'sales-2025-q2', partitions: DEFAULT_PARTITIONS },
  events: [],
};

/** Metadata for the console: the child (it can also be started on its own). */
export const processPartitionInfo: WorkflowInfo = {
  name: PROCESS_PARTITION_WORKFLOW,
  description: `Extracts, transforms and loads one partition (a child of ${DATA_PROCESSING_PIPELINE}).`,
  exampleInput: { dataset: 'sales-2025-q2', partition: 1 },
  events: [],
};

/** The pipeline, its child and their activities and metadata, at the given pace. */
export function defineDataProcessingPipeline(pace: Pace): readonly BundledWorkflow[] {
  async function extract_partition(ctx: WorkflowActivityContext, input: { dataset: string; partition: number }): Promise<number> {
    await pace.sleep(1.5);
    const records = 500 * input.partition + input.dataset.length;
    activitySays('extract_partition', ctx, `Extracted ${records} records of ${input.dataset} partition ${input.partition}.`);
    return records;
  }

  async function transform_partition(ctx: WorkflowActivityContext, input: { partition: number; records: number }): Promise<number> {
    await pace.sleep(1.5);
    activitySays('transform_partition', ctx, `Transformed partition ${input.partition} (${input.records} records).`);
    return input.records;
  }

  async function load_partition(ctx: WorkflowActivityContext, input: { partition: number; records: number }): Promise<number> {
    await pace.sleep(1.5);
    activitySays('load_partition', ctx, `Loaded partition ${input.partition} (${input.records} records).`);
    return input.records;
  }

  async function aggregate_partitions(ctx: WorkflowActivityContext, results: readonly PartitionResult[]): Promise<number> {
    await pace.sleep(1);
    const total = results.reduce((sum, result) => sum + result.records, 0);
    activitySays('aggregate_partitions', ctx, `Aggregated ${results.length} partitions: ${total} records.`);
    return total;
  }

  async function* ProcessPartitionWorkflow(ctx: WorkflowContext, input: { dataset: string; partition: number }) {
    const dataset = String(input?.dataset ?? 'dataset');
    const partition = Number.isInteger(input?.partition) ? input.partition : 1;
    ctx.setCustomStatus(`Extracting partition ${partition}`);
    const extracted: number = yield ctx.callActivity('extract_partition', { dataset, partition });
    ctx.setCustomStatus(`Transforming partition ${partition}`);
    const transformed: number = yield ctx.callActivity('transform_partition', { partition, records: extracted });
    ctx.setCustomStatus(`Loading partition ${partition}`);
    const loaded: number = yield ctx.callActivity('load_partition', { partition, records: transformed });
    ctx.setCustomStatus(`Partition ${partition} done`);
    const result: PartitionResult = { partition, records: loaded };
    return result;
  }

  async function* DataProcessingPipeline(ctx: WorkflowContext, input: PipelineInput) {
    const dataset = String(input?.dataset ?? 'dataset');
    const requested = Number(input?.partitions ?? DEFAULT_PARTITIONS);
    const count = Number.isInteger(requested) ? Math.min(Math.max(requested, 1), MAX_PARTITIONS) : DEFAULT_PARTITIONS;
    const parentId = ctx.getWorkflowInstanceId();
    ctx.setCustomStatus(`Waiting for ${count} partition workflows`);
    const children = Array.from({ length: count }, (_, index) =>
      ctx.callChildWorkflow(PROCESS_PARTITION_WORKFLOW, { dataset, partition: index + 1 }, `${parentId}-partition-${index + 1}`),
    );
    const results: PartitionResult[] = yield ctx.whenAll(children);
    ctx.setCustomStatus(`Aggregating ${results.length} partitions`);
    const total: number = yield ctx.callActivity('aggregate_partitions', results);
    ctx.setCustomStatus(`Completed: ${total} records`);
    const output: PipelineOutput = { status: 'Completed', dataset, partitions: results, total_records: total };
    return output;
  }

  return [
    {
      info: dataProcessingPipelineInfo,
      workflow: DataProcessingPipeline,
      activities: { aggregate_partitions },
    },
    {
      info: processPartitionInfo,
      workflow: ProcessPartitionWorkflow,
      activities: { extract_partition, transform_partition, load_partition },
    },
  ];
}
