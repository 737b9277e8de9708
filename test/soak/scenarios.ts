/**
 * The crash matrix's scenarios: which instances of the bundled workflows (and of the
 * journaled test workflow) it starts, with which inputs, what it does to them and when
 * (raise events, suspend, resume, terminate, in numbered rounds between kills), and the
 * final state and output each must reach. All choices come from a seeded generator, so a
 * seed always yields the same plan.
 */
import { isDeepStrictEqual } from 'node:util';
import type { WorkflowInstance } from '../../src/client/types.js';
import { AUTOMATED_MARKETING_CAMPAIGN_WORKFLOW } from '../../src/workflows/automated-marketing-campaign-workflow.js';
import { DAILY_DATA_INGESTION_WORKFLOW, DEFAULT_INGESTION_SOURCES } from '../../src/workflows/daily-data-ingestion-workflow.js';
import { DATA_PROCESSING_PIPELINE } from '../../src/workflows/data-processing-pipeline.js';
import { DOCUMENT_APPROVAL_WORKFLOW, DOCUMENT_REVIEWED_EVENT } from '../../src/workflows/document-approval-workflow.js';
import { APPROVAL_EVENT, INTERACTIVE_HELLO_WORKFLOW } from '../../src/workflows/interactive-hello-workflow.js';
import { FINANCIAL_REPORT_STEPS, MONTHLY_FINANCIAL_REPORT_WORKFLOW } from '../../src/workflows/monthly-financial-report-workflow.js';
import { ORDER_PROCESSING_WORKFLOW } from '../../src/workflows/order-processing-workflow.js';
import { VACATION_APPROVAL_EVENT, VACATION_APPROVAL_WORKFLOW } from '../../src/workflows/vacation-approval-workflow.js';
import { expectedJournaledOutput, JOURNALED_PARENT_WORKFLOW, JOURNALED_STEPS_WORKFLOW, journaledChildId } from '../fixtures/crash/journal-workflows.js';
import type { SeededRandom } from './seeded-random.js';

/** The event the journaled child waits for. */
const CONTINUE_EVENT = 'ContinueEvent';

/** The kinds of instance the matrix starts (a workflow plus what is done to it). */
export const SCENARIO_KINDS = [
  'hello-event-early',
  'hello-event-late',
  'order',
  'order-invalid',
  'order-scheduled',
  'vacation-decided',
  'vacation-timeout',
  'report',
  'report-suspended',
  'campaign-terminated',
  'document-event-early',
  'document-event-late',
  'document-event-while-suspended',
  'ingestion',
  'ingestion-failing',
  'pipeline',
  'journaled-steps',
  'journaled-child-waiting',
] as const;

/**
 * One kind of instance. `order-started-at-kill` is started while the sidecar is being
 * killed (its start call may or may not have been answered); the others follow the rounds.
 */
export type ScenarioKind = (typeof SCENARIO_KINDS)[number] | 'order-started-at-kill';

/** An event the matrix raises; `nonce` (also in the payload as `soak_event`) identifies it in history. */
export interface PlannedEvent {
  readonly name: string;
  readonly payload: { readonly soak_event: string } & Record<string, unknown>;
  readonly nonce: string;
  /** The instance it is raised for (the planned instance itself, or one of its children). */
  readonly targetId: string;
  /** True once the target's custom status shows its workflow acted on the event. */
  actedOn(customStatus: string | undefined): boolean;
}

/** Something the matrix does to a started instance. */
export type PlannedAction =
  | { readonly kind: 'raise'; readonly event: PlannedEvent }
  | { readonly kind: 'suspend' }
  | { readonly kind: 'resume' }
  | { readonly kind: 'terminate'; readonly output: unknown };

/** An action done in a given round (after the kills of the rounds before it). */
export interface TimedAction {
  readonly round: number;
  readonly action: PlannedAction;
}

/** A child instance the planned instance creates, and the output it must end with. */
export interface ExpectedChild {
  readonly instanceId: string;
  readonly output: unknown;
}

/** One planned instance. */
export interface PlannedInstance {
  readonly instanceId: string;
  readonly scenario: ScenarioKind;
  readonly workflow: string;
  readonly input: unknown;
  /** The round it is started in. */
  readonly startRound: number;
  /** For a scheduled start: how long after the start call it may begin. */
  readonly startDelayMs?: number;
  /** Done right after the start call, in order. */
  readonly atStart: readonly PlannedAction[];
  /** Done in later rounds (or later in the last round). */
  readonly later: readonly TimedAction[];
  readonly children: readonly ExpectedChild[];
  /** One sentence per way the final instance differs from what it must be (empty when right). */
  check(final: WorkflowInstance): string[];
}

/** What the plan depends on. */
export interface PlanOptions {
  readonly instances: number;
  /** Orders started in a burst as each kill happens. */
  readonly startsPerKill: number;
  /** Rounds are numbered 0..lastRound; a kill ends every round but the last. */
  readonly lastRound: number;
  /** The bundled workflows' time scale (the journaled steps' work scales with it too). */
  readonly timeScale: number;
}

function describeJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

function parseOutput(final: WorkflowInstance): unknown {
  if (final.output === undefined) return undefined;
  try {
    return JSON.parse(final.output);
  } catch {
    return `(not JSON) ${final.output}`;
  }
}

/** Problems when `final` is not `status` with exactly `output`. */
function expectOutput(final: WorkflowInstance, status: 'COMPLETED' | 'TERMINATED', output: unknown): string[] {
  if (final.status !== status) return [`${final.instanceId} ended ${final.status} instead of ${status}${final.failure ? ` (${final.failure.errorMessage})` : ''}.`];
  const actual = parseOutput(final);
  return isDeepStrictEqual(actual, output) ? [] : [`${final.instanceId} has output ${describeJson(actual)} instead of ${describeJson(output)}.`];
}

/** Problems when `final` is not FAILED with a message containing `text`. */
function expectFailure(final: WorkflowInstance, text: string): string[] {
  if (final.status !== 'FAILED') return [`${final.instanceId} ended ${final.status} instead of FAILED.`];
  const message = final.failure?.errorMessage ?? '';
  return message.includes(text) ? [] : [`${final.instanceId} failed with "${message}" instead of a message containing "${text}".`];
}

/** Problems when `final` is not COMPLETED with output satisfying `test` (which names what is wrong). */
function expectCompletedWith(final: WorkflowInstance, test: (output: any) => string | undefined): string[] {
  if (final.status !== 'COMPLETED') return [`${final.instanceId} ended ${final.status} instead of COMPLETED${final.failure ? ` (${final.failure.errorMessage})` : ''}.`];
  const output = parseOutput(final);
  const wrong = test(output);
  return wrong === undefined ? [] : [`${final.instanceId} has output ${describeJson(output)}: ${wrong}.`];
}

/** The whole plan: instances started in rounds, and the bursts started as each kill happens. */
export interface Plan {
  /** Started in the rounds (`startRound`), after the kills before it. */
  readonly rounds: readonly PlannedInstance[];
  /** `atKills[k]`: orders whose start calls are in flight when kill k+1 happens. */
  readonly atKills: readonly (readonly PlannedInstance[])[];
}

/** Plans `options.instances` round instances, spread evenly over the scenario kinds in seeded order, and the kill bursts. */
export function planInstances(random: SeededRandom, options: PlanOptions): Plan {
  const { lastRound } = options;
  let eventCount = 0;
  const planOne = (scenario: ScenarioKind, n: number, instanceId: string, startRound: number): PlannedInstance => {
    const laterRound = () => (startRound >= lastRound ? lastRound : random.int(startRound + 1, lastRound));
    const event = (name: string, fields: Record<string, unknown>, actedOn: PlannedEvent['actedOn'], targetId = instanceId): PlannedEvent => {
      eventCount += 1;
      const nonce = `e${eventCount}`;
      return { name, nonce, targetId, actedOn, payload: { ...fields, soak_event: nonce } };
    };
    const base = { instanceId, scenario, startRound, atStart: [] as PlannedAction[], later: [] as TimedAction[], children: [] as ExpectedChild[] };
    return { ...base, ...planScenario({ scenario, n, instanceId, random, laterRound, event, timeScale: options.timeScale }) };
  };
  const kinds = random.shuffle(Array.from({ length: options.instances }, (_, index) => SCENARIO_KINDS[index % SCENARIO_KINDS.length]!));
  const rounds = kinds.map((scenario, index) => planOne(scenario, index + 1, `soak-${String(index + 1).padStart(3, '0')}-${scenario}`, random.int(0, lastRound)));
  const atKills = Array.from({ length: lastRound }, (_, kill) =>
    Array.from({ length: options.startsPerKill }, (_, index) =>
      planOne('order-started-at-kill', 10_000 + kill * 100 + index, `soak-kill${kill + 1}-${index + 1}-order-started-at-kill`, kill),
    ),
  );
  return { rounds, atKills };
}

interface ScenarioContext {
  readonly scenario: ScenarioKind;
  readonly n: number;
  readonly instanceId: string;
  readonly random: SeededRandom;
  /** A round after the start round (the last round when the instance starts in it). */
  laterRound(): number;
  event(name: string, fields: Record<string, unknown>, actedOn: PlannedEvent['actedOn'], targetId?: string): PlannedEvent;
  readonly timeScale: number;
}

type ScenarioPlan = Pick<PlannedInstance, 'workflow' | 'input' | 'check'> & Partial<Pick<PlannedInstance, 'atStart' | 'later' | 'children' | 'startDelayMs'>>;

function planScenario(context: ScenarioContext): ScenarioPlan {
  const { n, random, instanceId } = context;
  switch (context.scenario) {
    case 'hello-event-early':
    case 'hello-event-late': {
      const name = `Soak ${n}`;
      const approval = context.event(APPROVAL_EVENT, { approved: true, approver: `approver-${n}` }, (status) => status === 'Approved');
      const raise: PlannedAction = { kind: 'raise', event: approval };
      return {
        workflow: INTERACTIVE_HELLO_WORKFLOW,
        input: name,
        ...(context.scenario === 'hello-event-early' ? { atStart: [raise] } : { later: [{ round: context.laterRound(), action: raise }] }),
        check: (final) => expectOutput(final, 'COMPLETED', { initial_greeting: `Hello, ${name}!`, event_data: approval.payload, status: 'Approved' }),
      };
    }
    case 'order':
    case 'order-scheduled':
    case 'order-started-at-kill': {
      const items = Array.from({ length: random.int(1, 3) }, (_, line) => ({ name: `item-${n}-${line + 1}`, quantity: random.int(1, 5), price: random.int(1, 40) / 2 }));
      const total = items.reduce((sum, item) => sum + item.quantity * item.price, 0);
      return {
        workflow: ORDER_PROCESSING_WORKFLOW,
        input: { customer_id: `customer-${n}`, items, shipping_address: `${n} Crash Street` },
        // Long enough to be pending across a kill most of the time.
        ...(context.scenario === 'order-scheduled' ? { startDelayMs: random.int(1000, 12_000) } : {}),
        check: (final) =>
          expectCompletedWith(final, (output) => {
            if (output?.status !== 'OrderProcessed') return 'the status is not OrderProcessed';
            if (output.total !== total) return `the total is not ${total}`;
            if (!/^order-[0-9a-f]{8}$/.test(String(output.order_id))) return 'the order ID is not order-<hex>';
            if (!/^track-[0-9a-f]{8}$/.test(String(output.tracking_number))) return 'the tracking number is not track-<hex>';
            return undefined;
          }),
      };
    }
    case 'order-invalid':
      return {
        workflow: ORDER_PROCESSING_WORKFLOW,
        input: { customer_id: `customer-${n}`, items: [], shipping_address: `${n} Crash Street` },
        check: (final) => expectFailure(final, 'The order has no items.'),
      };
    case 'vacation-decided':
    case 'vacation-timeout': {
      const employee = `emp-${n}`;
      const input = { employee_id: employee, start_date: '2026-08-01', end_date: '2026-08-15', reason: 'Soak test' };
      const acted = (status: string | undefined) => /^(Approved|Rejected|TimedOut)$/.test(status ?? '');
      if (context.scenario === 'vacation-timeout') {
        return { workflow: VACATION_APPROVAL_WORKFLOW, input, check: (final) => expectOutput(final, 'COMPLETED', { status: 'TimedOut', employee_id: employee }) };
      }
      const approved = random.chance(0.7);
      const decision = context.event(VACATION_APPROVAL_EVENT, { approved, approver_id: `manager-${n}`, comments: `decision ${n}` }, acted);
      // Raised right after the start: it is in the inbox before the workflow even waits, so it always beats the timer.
      return {
        workflow: VACATION_APPROVAL_WORKFLOW,
        input,
        atStart: [{ kind: 'raise', event: decision }],
        check: (final) =>
          expectOutput(final, 'COMPLETED', { status: approved ? 'Approved' : 'Rejected', employee_id: employee, approver_id: `manager-${n}`, comments: `decision ${n}` }),
      };
    }
    case 'report':
    case 'report-suspended': {
      const month = `2026-${String(1 + (n % 12)).padStart(2, '0')}`;
      const resumeRound = context.laterRound();
      return {
        workflow: MONTHLY_FINANCIAL_REPORT_WORKFLOW,
        input: { month, department: `dept-${n}` },
        ...(context.scenario === 'report-suspended' ? { atStart: [{ kind: 'suspend' as const }], later: [{ round: resumeRound, action: { kind: 'resume' as const } }] } : {}),
        check: (final) => expectOutput(final, 'COMPLETED', { status: 'ReportGenerated', month, steps_completed: FINANCIAL_REPORT_STEPS.length }),
      };
    }
    case 'campaign-terminated': {
      const output = { reason: 'stopped by the crash matrix', campaign: n };
      const suspendFirst = random.chance(0.4);
      return {
        workflow: AUTOMATED_MARKETING_CAMPAIGN_WORKFLOW,
        input: { campaign_id: `campaign-${n}`, channels: random.pick([['email'], ['email', 'sms'], ['email', 'sms', 'push']]), audience_size: random.int(100, 5000) },
        ...(suspendFirst ? { atStart: [{ kind: 'suspend' as const }] } : {}),
        later: [{ round: context.laterRound(), action: { kind: 'terminate', output } }],
        check: (final) => expectOutput(final, 'TERMINATED', output),
      };
    }
    case 'document-event-early':
    case 'document-event-late':
    case 'document-event-while-suspended': {
      const approved = random.chance(0.6);
      const review = context.event(DOCUMENT_REVIEWED_EVENT, { approved, comments: `review ${n}`, approver_id: `reviewer-${n}` }, (status) =>
        /^(Approved|Rejected)/.test(status ?? ''),
      );
      const raise: PlannedAction = { kind: 'raise', event: review };
      const timing: Partial<ScenarioPlan> =
        context.scenario === 'document-event-early'
          ? { atStart: [raise] }
          : context.scenario === 'document-event-late'
            ? { later: [{ round: context.laterRound(), action: raise }] }
            : { atStart: [{ kind: 'suspend' }, raise], later: [{ round: context.laterRound(), action: { kind: 'resume' } }] };
      return {
        workflow: DOCUMENT_APPROVAL_WORKFLOW,
        input: { document_id: `doc-${n}`, title: `Runbook ${n}`, author: `author-${n}` },
        ...timing,
        check: (final) =>
          expectOutput(final, 'COMPLETED', {
            status: approved ? 'Approved' : 'Rejected',
            document_id: `doc-${n}`,
            approved,
            comments: `review ${n}`,
            approver_id: `reviewer-${n}`,
          }),
      };
    }
    case 'ingestion':
    case 'ingestion-failing': {
      const sources = random.shuffle(DEFAULT_INGESTION_SOURCES).slice(0, random.int(2, DEFAULT_INGESTION_SOURCES.length));
      const date = `2026-03-${String(1 + (n % 28)).padStart(2, '0')}`;
      if (context.scenario === 'ingestion-failing') {
        const failing = random.pick(sources);
        return {
          workflow: DAILY_DATA_INGESTION_WORKFLOW,
          input: { date, sources, fail_source: failing },
          check: (final) => expectFailure(final, `Ingesting source "${failing}" failed`),
        };
      }
      return {
        workflow: DAILY_DATA_INGESTION_WORKFLOW,
        input: { date, sources },
        check: (final) =>
          expectCompletedWith(final, (output) => {
            if (output?.status !== 'Ingested' || output.date !== date) return `it is not Ingested for ${date}`;
            const results: { source: string; records: number }[] = Array.isArray(output.sources) ? output.sources : [];
            if (!isDeepStrictEqual(results.map((result) => result.source), sources)) return `the sources are not ${sources.join(', ')}`;
            if (!results.every((result) => Number.isInteger(result.records) && result.records >= 1000)) return 'a record count is wrong';
            const sum = results.reduce((total, result) => total + result.records, 0);
            return output.total_records === sum ? undefined : `the total is not the sum ${sum}`;
          }),
      };
    }
    case 'pipeline': {
      const dataset = `dataset-${n}`;
      const partitions = Array.from({ length: random.int(2, 4) }, (_, index) => ({ partition: index + 1, records: 500 * (index + 1) + dataset.length }));
      return {
        workflow: DATA_PROCESSING_PIPELINE,
        input: { dataset, partitions: partitions.length },
        children: partitions.map((result) => ({ instanceId: `${instanceId}-partition-${result.partition}`, output: result })),
        check: (final) =>
          expectOutput(final, 'COMPLETED', {
            status: 'Completed',
            dataset,
            partitions,
            total_records: partitions.reduce((sum, result) => sum + result.records, 0),
          }),
      };
    }
    case 'journaled-steps': {
      const steps = random.int(3, 6);
      return {
        workflow: JOURNALED_STEPS_WORKFLOW,
        input: { steps, work_ms: Math.round(random.int(1000, 3000) * context.timeScale), timer_seconds: 2 * context.timeScale },
        check: (final) => expectOutput(final, 'COMPLETED', expectedJournaledOutput(steps)),
      };
    }
    case 'journaled-child-waiting': {
      // The child waits for an event raised in a later round: a child workflow is running across kills.
      const steps = random.int(1, 3);
      const childId = journaledChildId(instanceId);
      const go = context.event(CONTINUE_EVENT, { go: true }, (status) => !(status ?? '').startsWith('Waiting for'), childId);
      const childOutput = expectedJournaledOutput(steps, go.payload);
      return {
        workflow: JOURNALED_PARENT_WORKFLOW,
        input: { child: { steps, work_ms: Math.round(random.int(500, 1500) * context.timeScale), wait_event: CONTINUE_EVENT } },
        later: [{ round: context.laterRound(), action: { kind: 'raise', event: go } }],
        children: [{ instanceId: childId, output: childOutput }],
        check: (final) => expectOutput(final, 'COMPLETED', { child: childOutput }),
      };
    }
  }
}

/** Checks a child instance against what its parent planned. */
export function checkChild(child: ExpectedChild, final: WorkflowInstance | undefined): string[] {
  if (final === undefined) return [`The child ${child.instanceId} does not exist.`];
  return expectOutput(final, 'COMPLETED', child.output);
}
