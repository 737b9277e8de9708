/**
 * `--workflows MODULE`: loads the user's own workflow and activity registrations from a JS
 * or TS module (TS works because the program runs under tsx). The module exports a
 * function `register(registry)`, as its default export or under the name `register`, and
 * calls `registry.workflow(name, fn, info?)` and `registry.activity(name, fn)` in it (see
 * docs/user-workflows.md). Every way this can go wrong becomes a typed error with one
 * sentence; suspicious but legal registrations become warnings for the log.
 */
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ActivityFunction, WorkflowFunction } from '../workflows/bundled-workflow.js';
import type { WorkflowInfo } from '../model/index.js';

/** The optional metadata a module may give a workflow (shown in the console's forms). */
export interface UserWorkflowInfo {
  readonly description?: string;
  readonly exampleInput?: unknown;
  /** Events the workflow waits for: names, or `{name, examplePayload, approvePayload, rejectPayload}`. */
  readonly events?: readonly (
    | string
    | { readonly name: string; readonly examplePayload?: unknown; readonly approvePayload?: unknown; readonly rejectPayload?: unknown }
  )[];
}

/** What `register(registry)` receives. Both methods return the registry, so calls can chain. */
export interface WorkflowRegistry {
  /** Registers a workflow (an `async function*`) under `name`. */
  workflow(name: string, fn: WorkflowFunction, info?: UserWorkflowInfo): WorkflowRegistry;
  /** Registers an activity (a plain or async function) under `name`. */
  activity(name: string, fn: ActivityFunction): WorkflowRegistry;
}

/** A loaded module's registrations. */
export interface UserWorkflows {
  /** The module's absolute path. */
  readonly modulePath: string;
  readonly workflows: readonly { readonly info: WorkflowInfo; readonly fn: WorkflowFunction }[];
  readonly activities: readonly { readonly name: string; readonly fn: ActivityFunction }[];
  /** One sentence each, for the log (e.g. a plain `function*` workflow). */
  readonly warnings: readonly string[];
}

/** Base of every error about the workflows module; the message is one sentence. */
export class UserWorkflowsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
/** The module file does not exist (or is not a file). */
export class WorkflowsModuleNotFoundError extends UserWorkflowsError {}
/** Importing the module, or running its register function, threw. */
export class WorkflowsModuleLoadError extends UserWorkflowsError {}
/** The module does not export a register function, or registers something invalid. */
export class WorkflowsModuleShapeError extends UserWorkflowsError {}
/** The module registers a name the in-process runtime already uses (a bundled workflow or activity). */
export class WorkflowNameClashError extends UserWorkflowsError {}

/** The longest piece of a foreign error message quoted in a sentence. */
const MAX_QUOTED = 300;

/** A foreign error's message as one short line, without a trailing period. */
function quote(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const line = raw.replace(/\s+/g, ' ').trim().replace(/\.$/, '') || 'no message';
  return line.length > MAX_QUOTED ? `${line.slice(0, MAX_QUOTED - 1)}…` : line;
}

/** True for a plain (not async) generator function: the SDK would finish it at once with output {}. */
export function isPlainGeneratorFunction(fn: unknown): boolean {
  return Object.prototype.toString.call(fn) === '[object GeneratorFunction]';
}

/** Validates and normalises one workflow's metadata. */
function workflowInfo(label: string, name: string, info: UserWorkflowInfo | undefined, moduleName: string): WorkflowInfo {
  if (info === undefined || info === null) return { name, description: `Registered by ${moduleName}.`, events: [] };
  if (typeof info !== 'object') throw new WorkflowsModuleShapeError(`${label} gives the workflow "${name}" info that is not an object.`);
  if (info.description !== undefined && typeof info.description !== 'string') {
    throw new WorkflowsModuleShapeError(`${label} gives the workflow "${name}" a description that is not a string.`);
  }
  if (info.events !== undefined && !Array.isArray(info.events)) {
    throw new WorkflowsModuleShapeError(`${label} gives the workflow "${name}" events that are not a list.`);
  }
  const events = (info.events ?? []).map((event) => {
    if (typeof event === 'string' && event !== '') return { name: event };
    if (event && typeof event === 'object' && typeof event.name === 'string' && event.name !== '') {
      const payloads = (['examplePayload', 'approvePayload', 'rejectPayload'] as const).filter((key) => key in event);
      return { name: event.name, ...Object.fromEntries(payloads.map((key) => [key, event[key]])) };
    }
    throw new WorkflowsModuleShapeError(`${label} gives the workflow "${name}" an event without a name (use "Name" or {name, examplePayload}).`);
  });
  return {
    name,
    description: info.description?.trim() || `Registered by ${moduleName}.`,
    ...(info.exampleInput !== undefined ? { exampleInput: info.exampleInput } : {}),
    events,
  };
}

/** Finds the register function among a module's exports. */
function registerFunctionOf(exports: Record<string, unknown>, label: string): (registry: WorkflowRegistry) => unknown {
  const candidates = [exports.default, exports.register, (exports.default as { register?: unknown } | undefined)?.register];
  const found = candidates.find((candidate) => typeof candidate === 'function');
  if (found) return found as (registry: WorkflowRegistry) => unknown;
  const names = Object.keys(exports).filter((key) => key !== '__esModule');
  throw new WorkflowsModuleShapeError(
    `${label} must export a function register(registry), as its default export or named register; it exports ${names.length > 0 ? names.join(', ') : 'nothing'}.`,
  );
}

/**
 * Loads `modulePath` (relative to `cwd`) and runs its register function. Throws
 * WorkflowsModuleNotFoundError, WorkflowsModuleLoadError or WorkflowsModuleShapeError.
 */
let typeScriptEnabled: Promise<void> | undefined;

/** Lets `import()` load TypeScript modules (through tsx), once per process. */
function enableTypeScriptModules(): Promise<void> {
  typeScriptEnabled ??= import('tsx/esm/api').then(({ register }) => void register());
  return typeScriptEnabled;
}

export async function loadUserWorkflows(modulePath: string, cwd: string = process.cwd()): Promise<UserWorkflows> {
  const absolute = resolve(cwd, modulePath);
  const label = `The workflows module ${modulePath}`;
  let isFile: boolean;
  try {
    isFile = statSync(absolute).isFile();
  } catch {
    throw new WorkflowsModuleNotFoundError(`${label} does not exist (looked for ${absolute}).`);
  }
  if (!isFile) throw new WorkflowsModuleNotFoundError(`${label} is not a file; give the path of a .js, .mjs or .ts module.`);

  let exports: Record<string, unknown>;
  try {
    if (/\.(ts|mts|cts|tsx)$/.test(absolute)) await enableTypeScriptModules();
    exports = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    throw new WorkflowsModuleLoadError(`${label} failed to load: ${quote(error)}.`);
  }
  const register = registerFunctionOf(exports, label);

  const moduleName = basename(absolute);
  const workflows: { info: WorkflowInfo; fn: WorkflowFunction }[] = [];
  const activities: { name: string; fn: ActivityFunction }[] = [];
  const warnings: string[] = [];
  const checkName = (kind: string, name: unknown, taken: readonly string[]): string => {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new WorkflowsModuleShapeError(`${label} registers ${kind} without a name (the first argument must be a non-empty string).`);
    }
    if (taken.includes(name)) throw new WorkflowsModuleShapeError(`${label} registers the ${kind} "${name}" twice.`);
    return name;
  };
  const registry: WorkflowRegistry = {
    workflow(name, fn, info) {
      const checked = checkName('workflow', name, workflows.map((workflow) => workflow.info.name));
      if (typeof fn !== 'function') throw new WorkflowsModuleShapeError(`${label} registers the workflow "${checked}" with something that is not a function.`);
      if (isPlainGeneratorFunction(fn)) {
        warnings.push(
          `The workflow "${checked}" from ${moduleName} is a plain generator function; @dapr/dapr 3.18 needs an async function* (a plain function* finishes at once with output {}).`,
        );
      }
      workflows.push({ info: workflowInfo(label, checked, info, moduleName), fn });
      return registry;
    },
    activity(name, fn) {
      const checked = checkName('activity', name, activities.map((activity) => activity.name));
      if (typeof fn !== 'function') throw new WorkflowsModuleShapeError(`${label} registers the activity "${checked}" with something that is not a function.`);
      activities.push({ name: checked, fn });
      return registry;
    },
  };

  try {
    await register(registry);
  } catch (error) {
    if (error instanceof UserWorkflowsError) throw error;
    throw new WorkflowsModuleLoadError(`${label} threw in its register function: ${quote(error)}.`);
  }
  if (workflows.length === 0 && activities.length === 0) warnings.push(`${label} registered no workflows and no activities.`);
  return { modulePath: absolute, workflows, activities, warnings };
}

/**
 * Throws WorkflowNameClashError when `user` registers a workflow or activity under a name
 * the runtime already uses for another (e.g. a bundled workflow).
 */
export function assertNoNameClashes(
  user: UserWorkflows,
  taken: { readonly workflows: readonly string[]; readonly activities: readonly string[] },
): void {
  const moduleName = basename(user.modulePath);
  for (const { info } of user.workflows) {
    if (taken.workflows.includes(info.name)) {
      throw new WorkflowNameClashError(`The workflow "${info.name}" from ${moduleName} has the name of a bundled workflow; give it another name.`);
    }
  }
  for (const { name } of user.activities) {
    if (taken.activities.includes(name)) {
      throw new WorkflowNameClashError(`The activity "${name}" from ${moduleName} has the name of a bundled activity; give it another name.`);
    }
  }
}
