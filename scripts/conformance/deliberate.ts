/**
 * The differences from daprd the embedded sidecar keeps on purpose, by scenario ID, each with
 * the reason. docs/conformance.md shows the reason next to the scenario; a difference in a
 * scenario not listed here fails the conformance run.
 */
export const DELIBERATE: Readonly<Record<string, string>> = {};
