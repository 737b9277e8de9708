/**
 * The keys every modal form shares (from the keymap): Tab or Enter moves to the next field
 * and submits on the last, Shift-Tab goes back, Esc cancels.
 */
import { useKeyHandler } from '../hooks/use-key-handler.js';
import { resolveCommand } from '../keymap.js';

/** What a form does for each shared key. */
export interface FormKeyHandlers {
  readonly onNext: () => void;
  readonly onPrevious: () => void;
  readonly onCancel: () => void;
  readonly isActive: boolean;
}

/** Routes the form keys to the handlers while `isActive`. */
export function useFormKeys({ onNext, onPrevious, onCancel, isActive }: FormKeyHandlers): void {
  useKeyHandler((input, key) => {
    const command = resolveCommand('form', input, key, { readOnly: false });
    if (command === 'form.next') onNext();
    else if (command === 'form.previous') onPrevious();
    else if (command === 'form.cancel') onCancel();
  }, isActive);
}
