/** What the console knows of a hosted workflow beyond its name. */

/** A workflow a runtime hosts, described for the console's start and raise-event forms. */
export interface WorkflowInfo {
  readonly name: string;
  /** One line for the start form. */
  readonly description: string;
  /** Prefilled (as JSON) in the start form; undefined when the workflow takes no input. */
  readonly exampleInput?: unknown;
  /** External events the workflow waits for, with an example payload for each. */
  readonly events: readonly { readonly name: string; readonly examplePayload?: unknown }[];
}
