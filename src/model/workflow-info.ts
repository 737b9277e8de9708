/** What the console knows of a hosted workflow beyond its name. */

/** A workflow a runtime hosts, described for the console's start and raise-event forms. */
export interface WorkflowInfo {
  readonly name: string;
  /** One line for the start form. */
  readonly description: string;
  /** Prefilled (as JSON) in the start form; undefined when the workflow takes no input. */
  readonly exampleInput?: unknown;
  /** External events the workflow waits for, with an example payload for each. */
  readonly events: readonly WorkflowEventInfo[];
}

/** One external event a workflow waits for. */
export interface WorkflowEventInfo {
  readonly name: string;
  /** Prefilled in the raise-event form. */
  readonly examplePayload?: unknown;
  /** Sent by the inbox's approve key (for events that carry a decision). */
  readonly approvePayload?: unknown;
  /** Sent by the inbox's reject key. */
  readonly rejectPayload?: unknown;
}
