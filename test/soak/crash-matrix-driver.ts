/**
 * The crash matrix: starts instances of every bundled workflow (and of a journaled test
 * workflow) on a real `serve` process, drives them into every state (activity in flight,
 * timer pending, waiting for an event, suspended, child workflow running, events raised but
 * not yet consumed, pending start), SIGKILLs the process at seeded random moments and
 * restarts it on the same data directory and port. After each restart, everything seen
 * before the kill must still be there; at the end every instance must reach its expected
 * final state and output, every raised event must be in history exactly once, and every
 * activity result must be backed by a run observed outside the sidecar.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectSidecar, type SidecarConnection } from '../../src/client/grpc-client.js';
import type { HistoryEvent, WorkflowInstance } from '../../src/client/types.js';
import { quietSdkLogs, waitUntil } from '../helpers/sidecar-harness.js';
import { activityEvidence, readObservedRuns } from './activity-evidence.js';
import { freePort, killHard, type RunningChild } from './child-processes.js';
import { deliveriesOf, isFinished, keptHistoryProblems, nonceOf, pendingWork, resultProblems } from './history-checks.js';
import { checkChild, planInstances, type PlannedAction, type PlannedEvent, type PlannedInstance } from './scenarios.js';
import { seededRandom } from './seeded-random.js';
import { startServe, type ServeSettings } from './serve-process.js';

/** The states the matrix wants instances in when it kills the sidecar. */
export const KILL_STATES = [
  'activityInFlight',
  'timerPending',
  'waitingForEvent',
  'suspended',
  'childRunning',
  'eventsNotConsumed',
  'pending',
] as const;

/** One of KILL_STATES. */
export type KillState = (typeof KILL_STATES)[number];

/** The states every full run must catch at least once (pending, not yet started, is a bonus). */
export const REQUIRED_KILL_STATES: readonly KillState[] = KILL_STATES.filter((state) => state !== 'pending');

/** How to run the matrix. */
export interface CrashMatrixOptions {
  readonly seed: number;
  /** Top-level instances to start in the rounds (children and kill bursts come on top). */
  readonly instances: number;
  /** Orders whose start calls are in flight when each kill happens (default 3). */
  readonly startsPerKill?: number;
  readonly kills: number;
  /** The bundled workflows' time scale (1 = real-world pace). */
  readonly timeScale: number;
  /** The seeded wait before each kill is drawn from this range (ms). */
  readonly killDelayMs?: readonly [number, number];
  /** How long, after the last action, every instance has to finish. */
  readonly finishTimeoutMs?: number;
  /** Keep the data directory (its path is in the result). */
  readonly keepData?: boolean;
  /** Progress lines. */
  readonly progress?: (line: string) => void;
}

/** What one kill found and what the restart kept. */
export interface KillRecord {
  readonly round: number;
  /** The seeded wait after the round's actions. */
  readonly delayMs: number;
  /** Instances the sidecar knew when it was killed. */
  readonly instancesKnown: number;
  /** How many instances (or, for events, raised events) were in each state just before the kill. */
  readonly states: Readonly<Record<KillState, number>>;
  /** From the kill to the restarted sidecar's first line. */
  readonly restartMs: number;
  /** History events seen before the kill and found unchanged after the restart. */
  readonly historyEventsKept: number;
  /** The kill's burst of starts: answered before it, stored but unanswered, not stored (started again). */
  readonly startsInFlight: { readonly answered: number; readonly storedUnanswered: number; readonly startedAgain: number };
}

/** The figures of one run. */
export interface CrashMatrixResult {
  readonly seed: number;
  readonly timeScale: number;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly dataDir: string;
  /** Top-level instances started (rounds and kill bursts), and the children they created. */
  readonly instances: number;
  readonly children: number;
  readonly byWorkflow: Readonly<Record<string, number>>;
  readonly kills: readonly KillRecord[];
  readonly actions: { readonly raised: number; readonly suspended: number; readonly resumed: number; readonly terminated: number; readonly skipped: number };
  readonly events: { readonly raised: number; readonly delivered: number; readonly lost: number; readonly duplicated: number };
  /** Starts in flight at a kill: answered before it, stored but unanswered (found after the restart), not stored (started again). */
  readonly startsAtKills: { readonly answered: number; readonly storedUnanswered: number; readonly startedAgain: number };
  readonly activities: { readonly calls: number; readonly observed: number; readonly journalReRuns: number };
  readonly finalStates: Readonly<Record<string, number>>;
  readonly historyEventsKept: number;
  /** Required kill states no kill caught any instance in. */
  readonly statesNotCovered: readonly KillState[];
  /** Instances missing, events lost, activity results without a run, instances stuck, history lost across a restart. */
  readonly lost: number;
  /** Instances that finished differently from the plan. */
  readonly wrong: number;
  /** One sentence per problem (empty for a clean run). */
  readonly problems: readonly string[];
}

interface Observed {
  readonly instance: WorkflowInstance;
  readonly history: readonly HistoryEvent[];
}

const CONCURRENCY = 8;
const SUSPEND_REASON = 'suspended by the crash matrix';

/** Runs `work` over `items`, at most CONCURRENCY at a time, keeping the order of results. */
async function mapConcurrently<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs the crash matrix and returns its figures; throws only when the sidecar cannot be started at all. */
export async function runCrashMatrix(options: CrashMatrixOptions): Promise<CrashMatrixResult> {
  const startedAt = new Date();
  const progress = options.progress ?? (() => {});
  const [minDelay, maxDelay] = options.killDelayMs ?? [300, 3000];
  const random = seededRandom(options.seed);
  const { rounds, atKills } = planInstances(random, {
    instances: options.instances,
    startsPerKill: options.startsPerKill ?? 3,
    lastRound: options.kills,
    timeScale: options.timeScale,
  });
  const plan = [...rounds, ...atKills.flat()];
  const delays = Array.from({ length: options.kills }, () => random.int(minDelay, maxDelay));
  /** How long after firing a kill's burst of starts the kill comes (ms). */
  const burstDelays = Array.from({ length: options.kills }, () => random.int(0, 40));
  const dataDir = mkdtempSync(join(tmpdir(), 'dapr-workflow-tui-crash-matrix-'));
  const settings: ServeSettings = {
    port: await freePort(),
    dataDir,
    timeScale: options.timeScale,
    logFile: join(dataDir, 'serve.log'),
    journalFile: join(dataDir, 'journal.jsonl'),
  };

  const problems: string[] = [];
  const acknowledged = new Map<string, PlannedEvent[]>();
  const skippedResume = new Set<string>();
  const actions = { raised: 0, suspended: 0, resumed: 0, terminated: 0, skipped: 0 };
  const startsAtKills = { answered: 0, storedUnanswered: 0, startedAgain: 0 };
  const kills: KillRecord[] = [];
  let lostAcrossRestarts = 0;
  /** False until the run got to its figures: a run that broke off keeps its data directory for a look. */
  let completed = false;
  let historyEventsKept = 0;

  let serve: RunningChild = await startServe(settings);
  const releaseConsole = quietSdkLogs();
  let client: SidecarConnection = connectSidecar({ address: `127.0.0.1:${settings.port}`, useTls: false, origin: 'crash matrix' });
  progress(`crash matrix: seed ${options.seed}, ${plan.length} instances, ${options.kills} kills, time scale ${options.timeScale}, data in ${dataDir}`);

  const act = async (planned: PlannedInstance, action: PlannedAction): Promise<void> => {
    const id = planned.instanceId;
    try {
      switch (action.kind) {
        case 'raise': {
          const target = action.event.targetId;
          // An event for a child waits until the parent has created it (an event for an unknown instance is dropped).
          if (target !== id) await waitUntil(() => client.get(target, false), { timeoutMs: 60_000, intervalMs: 100, what: `${target} to exist` });
          await client.raiseEvent(target, action.event.name, JSON.stringify(action.event.payload));
          acknowledged.set(target, [...(acknowledged.get(target) ?? []), action.event]);
          actions.raised += 1;
          break;
        }
        case 'suspend':
          try {
            await client.suspend(id, SUSPEND_REASON);
            actions.suspended += 1;
          } catch (error) {
            // Only an instance that already finished may refuse; then its resume is skipped too.
            const state = await client.get(id, false);
            if (!state || !isFinished(state.status)) throw error;
            skippedResume.add(id);
            actions.skipped += 1;
          }
          break;
        case 'resume':
          if (skippedResume.has(id)) {
            actions.skipped += 1;
            break;
          }
          await client.resume(id, 'resumed by the crash matrix');
          actions.resumed += 1;
          break;
        case 'terminate':
          await client.terminate(id, JSON.stringify(action.output));
          actions.terminated += 1;
          break;
      }
    } catch (error) {
      problems.push(`Could not ${action.kind} ${id}: ${messageOf(error)}`);
    }
  };

  const startCall = (planned: PlannedInstance): Promise<string> =>
    client.start(planned.workflow, {
      instanceId: planned.instanceId,
      input: JSON.stringify(planned.input),
      ...(planned.startDelayMs !== undefined && { startAt: new Date(Date.now() + planned.startDelayMs) }),
    });

  const start = async (planned: PlannedInstance): Promise<void> => {
    try {
      await startCall(planned);
    } catch (error) {
      problems.push(`Could not start ${planned.instanceId}: ${messageOf(error)}`);
      return;
    }
    for (const action of planned.atStart) await act(planned, action);
  };

  const observe = async (instanceIds: readonly string[]): Promise<Map<string, Observed | undefined>> => {
    const seen = await mapConcurrently(instanceIds, async (id) => {
      const instance = await client.get(id, true);
      return instance === undefined ? undefined : { instance, history: await client.history(id) };
    });
    return new Map(instanceIds.map((id, index) => [id, seen[index]]));
  };

  const countStates = (snapshot: Map<string, Observed | undefined>): Record<KillState, number> => {
    const states = Object.fromEntries(KILL_STATES.map((state) => [state, 0])) as Record<KillState, number>;
    for (const [id, observed] of snapshot) {
      if (!observed || isFinished(observed.instance.status)) continue;
      const { instance, history } = observed;
      const pending = pendingWork(history);
      if (instance.status === 'SUSPENDED') states.suspended += 1;
      if (instance.status === 'PENDING') states.pending += 1;
      if (pending.activities.length > 0) states.activityInFlight += 1;
      if (pending.timers.length > 0) states.timerPending += 1;
      if (pending.children.length > 0) states.childRunning += 1;
      if (/Waiting for \w*[Ee]vent\b/.test(instance.customStatus ?? '')) states.waitingForEvent += 1;
      states.eventsNotConsumed += (acknowledged.get(id) ?? []).filter((event) => !event.actedOn(instance.customStatus)).length;
    }
    return states;
  };

  const restart = async (round: number, delayMs: number): Promise<void> => {
    const ids = await client.listInstanceIds();
    const snapshot = await observe(ids);
    const states = countStates(snapshot);
    // A burst of starts still in flight when the process dies.
    const burst = atKills[round] ?? [];
    const answers = burst.map((planned) => startCall(planned).then(() => true, () => false));
    await sleep(burstDelays[round]!);
    await killHard(serve);
    const killedAt = Date.now();
    const answered = await Promise.all(answers);
    await client.close();
    serve = await startServe(settings);
    const restartMs = Date.now() - killedAt;
    client = connectSidecar({ address: `127.0.0.1:${settings.port}`, useTls: false, origin: 'crash matrix' });
    const after = await observe(ids);
    let kept = 0;
    for (const [id, before] of snapshot) {
      if (!before) continue;
      const now = after.get(id);
      if (!now) {
        problems.push(`${id} existed before kill ${round + 1} and not after the restart.`);
        lostAcrossRestarts += 1;
        continue;
      }
      const changed = keptHistoryProblems(id, before.history, now.history);
      if (isFinished(before.instance.status) && (now.instance.status !== before.instance.status || now.instance.output !== before.instance.output)) {
        changed.push(`${id} was ${before.instance.status} before kill ${round + 1} and is ${now.instance.status} (output ${now.instance.output}) after it.`);
      }
      problems.push(...changed);
      lostAcrossRestarts += changed.length;
      if (changed.length === 0) kept += before.history.length;
    }
    historyEventsKept += kept;
    const startsInFlight = { answered: 0, storedUnanswered: 0, startedAgain: 0 };
    for (const [index, planned] of burst.entries()) {
      const stored = (await client.get(planned.instanceId, false)) !== undefined;
      if (answered[index]) {
        startsInFlight.answered += 1;
        if (!stored) {
          problems.push(`The start of ${planned.instanceId} was answered before kill ${round + 1}, but the instance does not exist after the restart.`);
          lostAcrossRestarts += 1;
        }
      } else if (stored) {
        startsInFlight.storedUnanswered += 1;
      } else {
        startsInFlight.startedAgain += 1;
        await start(planned);
      }
    }
    startsAtKills.answered += startsInFlight.answered;
    startsAtKills.storedUnanswered += startsInFlight.storedUnanswered;
    startsAtKills.startedAgain += startsInFlight.startedAgain;
    kills.push({ round, delayMs, instancesKnown: ids.length, states, restartMs, historyEventsKept: kept, startsInFlight });
    const stateText = KILL_STATES.map((state) => `${state} ${states[state]}`).join(', ');
    progress(
      `kill ${round + 1}: ${ids.length} instances (${stateText}); starts in flight: ${startsInFlight.answered} answered, ` +
        `${startsInFlight.storedUnanswered} stored unanswered, ${startsInFlight.startedAgain} started again; restarted in ${restartMs} ms; ${kept} history events kept`,
    );
  };

  try {
    for (let round = 0; round <= options.kills; round++) {
      const laterActions = (fromEarlierRounds: boolean) =>
        rounds.flatMap((planned) =>
          (planned.startRound < round) === fromEarlierRounds ? planned.later.filter((timed) => timed.round === round).map((timed) => ({ planned, action: timed.action })) : [],
        );
      for (const { planned, action } of laterActions(true)) await act(planned, action);
      const starting = rounds.filter((planned) => planned.startRound === round);
      for (const planned of starting) await start(planned);
      for (const { planned, action } of laterActions(false)) await act(planned, action);
      progress(`round ${round}: started ${starting.length} instances`);
      if (round === options.kills) break;
      await sleep(delays[round]!);
      await restart(round, delays[round]!);
    }

    // Every instance (and every child) must now finish by itself.
    const expectedIds = [...plan.map((planned) => planned.instanceId), ...plan.flatMap((planned) => planned.children.map((child) => child.instanceId))];
    const finishBy = Date.now() + (options.finishTimeoutMs ?? 180_000);
    let unfinished = expectedIds;
    while (unfinished.length > 0 && Date.now() < finishBy) {
      const states = await mapConcurrently(unfinished, (id) => client.get(id, false));
      unfinished = unfinished.filter((_, index) => !states[index] || !isFinished(states[index]!.status));
      if (unfinished.length > 0) await sleep(250);
    }
    for (const id of unfinished) problems.push(`${id} did not finish within ${Math.round((options.finishTimeoutMs ?? 180_000) / 1000)} s after the last action.`);

    // Final verification.
    const finals = await observe(expectedIds);
    const runs = readObservedRuns(settings.logFile, settings.journalFile);
    const finalStates: Record<string, number> = {};
    const byWorkflow: Record<string, number> = {};
    const events = { raised: 0, delivered: 0, lost: 0, duplicated: 0 };
    const activities = { calls: 0, observed: 0, journalReRuns: 0 };
    let missing = 0;
    let wrong = 0;
    let activitiesWithoutRun = 0;

    /** Checks what every instance (parent or child) must satisfy: its events, its activity results. */
    const verifyInstance = (id: string, observed: Observed) => {
      const raised = acknowledged.get(id) ?? [];
      for (const event of raised) {
        const count = deliveriesOf(observed.history, event.name, event.nonce);
        if (count === 0) {
          events.lost += 1;
          problems.push(`The event ${event.name} (${event.nonce}) raised for ${id} is not in its history.`);
        } else {
          events.delivered += 1;
          if (count > 1) {
            events.duplicated += 1;
            problems.push(`The event ${event.name} (${event.nonce}) raised once for ${id} is in its history ${count} times.`);
          }
        }
      }
      for (const event of observed.history) {
        const nonce = event.kind === 'EventRaised' ? nonceOf(event.input) : undefined;
        if (nonce !== undefined && !raised.some((planned) => planned.nonce === nonce)) problems.push(`${id} received the event ${nonce}, which was raised for another instance.`);
      }
      const evidence = activityEvidence(id, observed.history, runs);
      activities.calls += evidence.calls;
      activities.observed += evidence.observed;
      activities.journalReRuns += evidence.journalReRuns;
      activitiesWithoutRun += evidence.calls - evidence.observed;
      problems.push(...evidence.problems, ...resultProblems(observed.instance, observed.history));
      finalStates[observed.instance.status] = (finalStates[observed.instance.status] ?? 0) + 1;
    };

    for (const id of expectedIds) events.raised += (acknowledged.get(id) ?? []).length;
    for (const planned of plan) {
      byWorkflow[planned.workflow] = (byWorkflow[planned.workflow] ?? 0) + 1;
      const observed = finals.get(planned.instanceId);
      if (!observed) {
        problems.push(`${planned.instanceId} does not exist at the end.`);
        missing += 1;
        events.lost += (acknowledged.get(planned.instanceId) ?? []).length;
        continue;
      }
      const outcome = unfinished.includes(planned.instanceId) ? [] : planned.check(observed.instance);
      if (outcome.length > 0) wrong += 1;
      problems.push(...outcome);
      verifyInstance(planned.instanceId, observed);
      for (const child of planned.children) {
        const childObserved = finals.get(child.instanceId);
        const childProblems = checkChild(child, childObserved?.instance);
        problems.push(...childProblems);
        if (!childObserved) {
          missing += 1;
          events.lost += (acknowledged.get(child.instanceId) ?? []).length;
          continue;
        }
        if (childProblems.length > 0) wrong += 1;
        verifyInstance(child.instanceId, childObserved);
      }
    }

    const statesNotCovered = REQUIRED_KILL_STATES.filter((state) => !kills.some((kill) => kill.states[state] > 0));
    const lost = missing + events.lost + activitiesWithoutRun + unfinished.length + lostAcrossRestarts;
    completed = true;
    return {
      seed: options.seed,
      timeScale: options.timeScale,
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      dataDir,
      instances: plan.length,
      children: plan.reduce((sum, planned) => sum + planned.children.length, 0),
      byWorkflow,
      kills,
      actions,
      events,
      startsAtKills,
      activities,
      finalStates,
      historyEventsKept,
      statesNotCovered,
      lost,
      wrong,
      problems,
    };
  } catch (error) {
    throw new Error(`The crash matrix broke off: ${messageOf(error)} (its data directory ${dataDir} is kept for a look).`);
  } finally {
    await client.close();
    if (serve.child.exitCode === null && serve.child.signalCode === null) {
      serve.child.kill('SIGTERM');
      await Promise.race([serve.exited, sleep(10_000)]);
    }
    await killHard(serve);
    releaseConsole();
    if (!options.keepData && completed) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The one-line summary of a run. */
export function summaryLine(result: CrashMatrixResult): string {
  const percent = result.activities.calls === 0 ? 100 : Math.floor((result.activities.observed / result.activities.calls) * 1000) / 10;
  return (
    `soak: ${result.instances} instances (+${result.children} children), ${result.kills.length} kills, ` +
    `${result.events.raised} events, lost ${result.lost}, wrong ${result.wrong}, ` +
    `activities run ≥ once: ${percent}% (${result.activities.calls} results, ${result.activities.journalReRuns} journaled re-runs), ` +
    `${result.historyEventsKept} history events kept across restarts, seed ${result.seed}, ${Math.round(result.durationMs / 1000)} s`
  );
}
