/**
 * The console's entry point: takes over the terminal (alternate screen), renders the App
 * with Ink, and is the one owner of exit. The terminal is given back intact when the user
 * quits (q, Ctrl-C), on SIGTERM, SIGINT and SIGHUP, and on a crash (a render error rejects
 * the returned promise; an uncaught exception restores the screen before Node reports it).
 * Key sequences Ink cannot handle are dropped before it reads them (see key-input-guard.ts).
 */
import { render, type Instance } from 'ink';
import React from 'react';
import { App, type AppProps } from './app.js';
import { guardKeyInput } from './key-input-guard.js';
import { enterFullScreen } from './terminal-screen.js';

/** Options of runConsole: the App's props, less what runConsole owns (exit, size, clock, theme). */
export type RunConsoleOptions = Omit<AppProps, 'onQuit' | 'size' | 'clock' | 'theme'>;

/** A console on the terminal, started by startConsole. */
export interface ConsoleSession {
  /** Resolves when the user quits or the process is asked to stop (terminal restored); rejects on a UI crash. */
  readonly finished: Promise<void>;
  /** Draws the console again with these props changed (e.g. the real client once the sidecar is up). */
  update(changes: Partial<RunConsoleOptions>): void;
  /** Ends the console (terminal restored); `finished` resolves. Idempotent. */
  stop(): void;
}

const EXIT_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/**
 * Runs the full-screen console on process.stdin/stdout until the user quits or the process
 * is asked to stop; resolves then (after the terminal is restored). Rejects with the error
 * when the UI crashes, also after restoring the terminal.
 */
export function runConsole(options: RunConsoleOptions): Promise<void> {
  return startConsole(options).finished;
}

/**
 * Takes the terminal and draws the console at once; returns a session whose props can be
 * changed while it runs (the first frame need not wait for the sidecar or the runtime).
 */
export function startConsole(options: RunConsoleOptions): ConsoleSession {
  const { stdout, stdin } = process;
  const screen = enterFullScreen(stdout, stdin);
  const releaseKeys = guardKeyInput(stdin);
  let instance: Instance | undefined;
  let isFinished = false;
  let current = options;
  let stopSession: () => void = () => undefined;
  const element = (props: RunConsoleOptions, onQuit: () => void) => <App {...props} onQuit={onQuit} />;

  const finished = new Promise<void>((resolve, reject) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (signal === 'SIGTERM' && process.exitCode === undefined) process.exitCode = 143;
      finish();
    };
    const onCrash = () => screen.restore();
    const onExit = () => screen.restore();

    function finish(error?: unknown): void {
      if (isFinished) return;
      isFinished = true;
      for (const signal of EXIT_SIGNALS) process.off(signal, onSignal);
      process.off('uncaughtExceptionMonitor', onCrash);
      process.off('exit', onExit);
      try {
        instance?.unmount();
        instance?.cleanup();
      } catch {
        // Unmounting a crashed tree may throw again; the terminal is restored below regardless.
      }
      releaseKeys();
      screen.restore();
      if (error === undefined) resolve();
      else reject(error);
    }

    for (const signal of EXIT_SIGNALS) process.on(signal, onSignal);
    process.on('uncaughtExceptionMonitor', onCrash);
    process.on('exit', onExit);
    stopSession = () => finish();

    try {
      instance = render(element(current, () => finish()), { stdout, stdin, exitOnCtrlC: false, patchConsole: false, maxFps: 60 });
    } catch (error) {
      finish(error);
      return;
    }
    instance.waitUntilExit().then(
      () => finish(),
      (error: unknown) => finish(error),
    );
  });

  return {
    finished,
    update(changes) {
      if (isFinished || !instance) return;
      current = { ...current, ...changes };
      instance.rerender(element(current, stopSession));
    },
    stop() {
      stopSession();
    },
  };
}
