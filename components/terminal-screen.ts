/**
 * Taking over and giving back the terminal: the alternate screen (so the user's scrollback
 * is untouched), a hidden cursor, and raw mode. Giving back is idempotent and synchronous,
 * so it is safe from signal handlers, exit hooks and crash monitors.
 */

const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h';
const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';
const HOME_AND_CLEAR = '\u001B[H\u001B[2J';
const HIDE_CURSOR = '\u001B[?25l';
const SHOW_CURSOR = '\u001B[?25h';

/** What hands the terminal to a child program for a while (e.g. an editor): main screen, cursor shown. */
export function leaveScreenForChild(): string {
  return SHOW_CURSOR + LEAVE_ALTERNATE_SCREEN;
}

/** What takes the terminal back after the child exits: alternate screen, cleared, cursor hidden. */
export function screenAfterChild(): string {
  return ENTER_ALTERNATE_SCREEN + HOME_AND_CLEAR + HIDE_CURSOR;
}

/** A terminal taken over by `enterFullScreen`. */
export interface FullScreen {
  /** Gives the terminal back as it was (main screen, cursor shown, cooked mode). Idempotent. */
  restore(): void;
  /** True until `restore` ran. */
  readonly isActive: boolean;
}

/** Switches `stdout` to the alternate screen and hides the cursor. */
export function enterFullScreen(stdout: NodeJS.WriteStream, stdin: NodeJS.ReadStream): FullScreen {
  stdout.write(ENTER_ALTERNATE_SCREEN + HOME_AND_CLEAR + HIDE_CURSOR);
  let isActive = true;
  return {
    get isActive() {
      return isActive;
    },
    restore() {
      if (!isActive) return;
      isActive = false;
      try {
        if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
      } catch {
        // A closed stdin cannot leave raw mode; the terminal resets it when the process ends.
      }
      try {
        stdout.write(SHOW_CURSOR + LEAVE_ALTERNATE_SCREEN);
      } catch {
        // stdout is gone (the terminal closed): nothing left to restore.
      }
    },
  };
}
