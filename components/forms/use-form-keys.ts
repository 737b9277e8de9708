/**
 * The keys every modal form shares (from the keymap): Tab or Enter moves to the next field
 * and submits on the last, Shift-Tab goes back, Esc cancels, Ctrl-E opens the focused JSON
 * field in an external editor. Every other key edits the focused text field.
 */
import type { Key } from 'ink';
import type { Dispatch } from 'react';
import type { ExternalEditor } from '../editor/use-external-editor.js';
import { useKeyHandler } from '../hooks/use-key-handler.js';
import { resolveCommand } from '../keymap.js';
import { parseJsonField } from './field-validation.js';
import { editsForKey } from './text-edit.js';
import { focusedField, isOnLastField, type FormAction, type FormState, type FormValues } from './use-form-state.js';

/** What a form does for each shared key. */
export interface FormKeyHandlers {
  readonly onNext: () => void;
  readonly onPrevious: () => void;
  readonly onCancel: () => void;
  /** Ctrl-E: edit the focused field outside (JSON fields only; others ignore it). */
  readonly onExternalEdit?: () => void;
  /** Any other key, for the focused text field. */
  readonly onEdit?: (input: string, key: Key) => void;
  readonly isActive: boolean;
}

/** Routes the form keys to the handlers while `isActive`. */
export function useFormKeys({ onNext, onPrevious, onCancel, onExternalEdit, onEdit, isActive }: FormKeyHandlers): void {
  useKeyHandler((input, key) => {
    const command = resolveCommand('form', input, key, { readOnly: false });
    if (command === 'form.next') onNext();
    else if (command === 'form.previous') onPrevious();
    else if (command === 'form.cancel') onCancel();
    else if (command === 'form.externalEditor') onExternalEdit?.();
    else if (command === undefined) onEdit?.(input, key);
  }, isActive);
}

/** Options of useFormFields. */
export interface FormFieldsOptions<V extends FormValues> {
  readonly state: FormState<V>;
  readonly dispatch: Dispatch<FormAction<V>>;
  /** Fields edited as text (others, e.g. a picker, handle their own keys). */
  readonly textFields: readonly (keyof V & string)[];
  /** JSON fields, with what the error sentence calls them (`input`, `payload`); Ctrl-E edits these. */
  readonly jsonFields: Readonly<Partial<Record<keyof V & string, string>>>;
  /** The external editor (Ctrl-E); without one, Ctrl-E says so. */
  readonly editor?: ExternalEditor;
  readonly onSubmit: () => void;
  readonly onCancel: () => void;
}

/**
 * The whole keyboard of a form: the shared form keys, editing of the focused text field,
 * and Ctrl-E on a JSON field, whose text comes back from the editor validated (valid JSON
 * is kept compact; anything else stays in the field with the reason shown).
 */
export function useFormFields<V extends FormValues>(options: FormFieldsOptions<V>): void {
  const { state, dispatch } = options;
  const field = focusedField(state);
  useFormKeys({
    isActive: !state.isSubmitting,
    onNext: () => (isOnLastField(state) ? options.onSubmit() : dispatch({ type: 'focus-moved', by: 1 })),
    onPrevious: () => dispatch({ type: 'focus-moved', by: -1 }),
    onCancel: options.onCancel,
    onEdit: (input, key) => {
      if (!options.textFields.includes(field)) return;
      const edits = editsForKey(input, key);
      if (edits.length > 0) dispatch({ type: 'field-edited', field, edits });
    },
    onExternalEdit: () => {
      const what = options.jsonFields[field];
      if (what === undefined) return dispatch({ type: 'note-shown', message: 'Ctrl-E edits JSON fields only.' });
      if (!options.editor) return dispatch({ type: 'note-shown', message: 'No external editor in this console.' });
      const outcome = options.editor(state.values[field] ?? '');
      if (outcome.kind === 'failed') return dispatch({ type: 'submit-failed', message: outcome.message });
      if (outcome.kind === 'unchanged') return dispatch({ type: 'note-shown', message: 'Nothing changed in the editor.' });
      const parsed = parseJsonField(outcome.text, what);
      if (parsed.ok) {
        dispatch({ type: 'value-typed', field, value: parsed.value ?? '' });
        dispatch({ type: 'note-shown', message: `The ${what} from the editor is valid JSON.` });
      } else {
        dispatch({ type: 'value-typed', field, value: outcome.text.trim() });
        dispatch({ type: 'validation-failed', field, message: parsed.error });
      }
    },
  });
}
