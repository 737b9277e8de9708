/**
 * The project's vocabulary of Dapr workflows: runtime statuses, instance state, history
 * events, failure details, worker turns, requests and the typed errors of workflow
 * operations. Plain data and pure helpers only; it imports nothing else of the project, and
 * every other room (engine, protocol, client, tracker, console, verbs) speaks it.
 */
export * from './runtime-status.js';
export * from './failure-details.js';
export * from './history-event.js';
export * from './instance-state.js';
export * from './worker-turns.js';
export * from './requests.js';
export * from './errors.js';
export * from './dapr-defaults.js';
export * from './workflow-info.js';
