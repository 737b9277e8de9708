/**
 * Test helper for the bundled workflows: an embedded sidecar (the shared harness) with the
 * in-process runtime (startWorkflowRuntime, bundled workflows at a small time scale)
 * attached, its log captured in a LogBuffer instead of the test output.
 */
import { captureConsole } from '../../src/runtime/capture-console.js';
import { LogBuffer } from '../../src/runtime/log-buffer.js';
import { startWorkflowRuntime, type RunningWorkflowRuntime } from '../../src/runtime/start-workflow-runtime.js';
import { startSidecar, waitUntil, type SidecarHarness } from '../helpers/sidecar-harness.js';

/** A sidecar, the runtime attached to it, and the runtime's log. */
export interface BundledRuntime {
  readonly sidecar: SidecarHarness;
  readonly runtime: RunningWorkflowRuntime;
  readonly log: LogBuffer;
  close(): Promise<void>;
}

/** Starts a sidecar and the bundled workflows at `timeScale`; resolves once the worker is connected. */
export async function startBundledRuntime(timeScale: number): Promise<BundledRuntime> {
  const sidecar = await startSidecar();
  const log = new LogBuffer();
  const restoreConsole = captureConsole(log);
  const runtime = await startWorkflowRuntime({ address: sidecar.address, timeScale, log });
  await waitUntil(() => runtime.isConnected(), { what: 'the runtime to connect' });
  return {
    sidecar,
    runtime,
    log,
    async close() {
      await runtime.stop();
      await sidecar.close();
      restoreConsole();
    },
  };
}

/** Parses a state's serialized output. */
export function outputOf(state: { serializedOutput?: string } | undefined): unknown {
  return state?.serializedOutput ? JSON.parse(state.serializedOutput) : undefined;
}
