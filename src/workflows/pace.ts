/**
 * The pace of the bundled workflows: every duration they use (durable timers, timeouts and
 * the simulated work inside activities) is written in real-world seconds and multiplied by
 * one factor, `timeScale`. A presenter keeps the default 1 so there is time to press keys;
 * tests pass a small factor (0.01 turns a 2 s step into 20 ms).
 */

/** Scales the bundled workflows' durations by one factor. */
export interface Pace {
  /** The factor every duration is multiplied by (1 = real-world durations). */
  readonly timeScale: number;
  /** `seconds` scaled, in seconds: what to pass to `ctx.createTimer`. */
  seconds(seconds: number): number;
  /** Resolves after `seconds` scaled: the simulated work of an activity. */
  sleep(seconds: number): Promise<void>;
}

/** Thrown for a time scale that is not a positive finite number. */
export class TimeScaleError extends Error {}

/** Creates the pace for `timeScale` (default 1); throws TimeScaleError for a bad factor. */
export function createPace(timeScale = 1): Pace {
  if (typeof timeScale !== 'number' || !Number.isFinite(timeScale) || timeScale <= 0) {
    throw new TimeScaleError(`The time scale must be a positive number (1 = real-world durations), not ${String(timeScale)}.`);
  }
  const scaled = (seconds: number): number => seconds * timeScale;
  return {
    timeScale,
    seconds: scaled,
    sleep: (seconds) => new Promise((resolve) => setTimeout(resolve, Math.round(scaled(seconds) * 1000))),
  };
}
