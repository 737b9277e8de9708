/**
 * Lends the terminal to the user's editor for Ctrl-E: Ink's raw input is switched off, the
 * main screen comes back and the cursor shows, the editor runs, then the console takes the
 * terminal back and Ink redraws its whole frame (nothing of the editor's screen remains).
 */
import { useStdin, useStdout } from 'ink';
import { useCallback } from 'react';
import { leaveScreenForChild, screenAfterChild } from '../terminal-screen.js';
import { editInExternalEditor, editorCommand, type ExternalEditOutcome } from './external-editor.js';

/** Edits `text` in $VISUAL / $EDITOR with the terminal handed over meanwhile. */
export type ExternalEditor = (text: string) => ExternalEditOutcome;

/** The external editor for this Ink app (fails with a sentence when no editor is set or there is no terminal). */
export function useExternalEditor(env: NodeJS.ProcessEnv = process.env): ExternalEditor {
  const { stdin, isRawModeSupported } = useStdin();
  const { stdout, write } = useStdout();
  return useCallback(
    (text: string) => {
      const command = editorCommand(env);
      if (!command) return { kind: 'failed', message: 'Set $VISUAL or $EDITOR to edit a field in your editor.' };
      if (!isRawModeSupported || !stdout.isTTY) return { kind: 'failed', message: 'An external editor needs a terminal.' };
      stdout.write(leaveScreenForChild());
      stdin.setRawMode(false);
      try {
        return editInExternalEditor(text, command, env);
      } finally {
        stdin.setRawMode(true);
        // Ink's write clears its frame, writes this, then draws the whole frame again.
        write(screenAfterChild());
      }
    },
    [env, stdin, isRawModeSupported, stdout, write],
  );
}
