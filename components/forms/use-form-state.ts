/**
 * The state of a modal form as a pure reducer: field values, which field has focus, the
 * inline error, and whether a submit is in flight. The form views own the fields; this
 * reducer owns the rules (Tab/Enter move on, the last field submits, errors refocus) and
 * each field's cursor, which only editing moves: an error, a focus change or a prefill of
 * another field never shifts it. Values are single-line text without control characters:
 * whatever is typed or pasted (a bell, a C1 sequence, a newline) is cleaned on the way in,
 * so a field never draws one.
 */
import { useReducer } from 'react';
import { safeLine } from '../../src/text/safe-text.js';
import { applyEdits, type TextEdit, type TextEditState } from './text-edit.js';

/** A form's values, by field name. */
export type FormValues = Readonly<Record<string, string>>;

/** The state of one form. */
export interface FormState<V extends FormValues> {
  readonly fields: readonly (keyof V & string)[];
  readonly values: V;
  /** Each field's cursor (an index into its value). */
  readonly cursors: Readonly<Record<string, number>>;
  readonly focus: number;
  /** Fields the user typed into (prefills do not overwrite them). */
  readonly edited: readonly (keyof V & string)[];
  readonly error?: { readonly field?: keyof V & string; readonly message: string };
  /** A passing remark (e.g. "nothing changed in the editor"); the next action clears it. */
  readonly note?: string;
  readonly isSubmitting: boolean;
}

/** What can happen to a form. */
export type FormAction<V extends FormValues> =
  | { readonly type: 'value-typed'; readonly field: keyof V & string; readonly value: string }
  | { readonly type: 'field-edited'; readonly field: keyof V & string; readonly edits: readonly TextEdit[] }
  | { readonly type: 'value-prefilled'; readonly field: keyof V & string; readonly value: string }
  | { readonly type: 'focus-moved'; readonly by: 1 | -1 }
  | { readonly type: 'validation-failed'; readonly field: keyof V & string; readonly message: string }
  | { readonly type: 'note-shown'; readonly message: string }
  | { readonly type: 'submit-started' }
  | { readonly type: 'submit-failed'; readonly message: string };

/** Every value with control characters removed and line breaks folded (see safeLine). */
function cleanValues<V extends FormValues>(values: V): V {
  return Object.fromEntries(Object.entries(values).map(([field, value]) => [field, safeLine(value)])) as V;
}

/** A fresh form with `values`, focus on the first field. */
export function initialFormState<V extends FormValues>(fields: readonly (keyof V & string)[], values: V): FormState<V> {
  const clean = cleanValues(values);
  const cursors = Object.fromEntries(Object.entries(clean).map(([field, value]) => [field, value.length]));
  return { fields, values: clean, cursors, focus: 0, edited: [], isSubmitting: false };
}

/** A field's text and cursor, for drawing it. */
export function fieldText<V extends FormValues>(state: FormState<V>, field: keyof V & string): TextEditState {
  const value = state.values[field] ?? '';
  return { value, cursor: Math.min(state.cursors[field] ?? value.length, value.length) };
}

/** The state with `field` set to `value`, marked as the user's, its inline error cleared. */
function withUserValue<V extends FormValues>(state: FormState<V>, field: keyof V & string, value: string, cursor: number): FormState<V> {
  const cursors = state.cursors[field] === cursor ? state.cursors : { ...state.cursors, [field]: cursor };
  if (state.values[field] === value) return cursors === state.cursors ? state : { ...state, cursors };
  const edited = state.edited.includes(field) ? state.edited : [...state.edited, field];
  const error = state.error && (state.error.field === undefined || state.error.field === field) ? undefined : state.error;
  return { ...state, values: { ...state.values, [field]: value }, cursors, edited, error };
}

/** True when focus is on the last field (Enter submits there). */
export function isOnLastField<V extends FormValues>(state: FormState<V>): boolean {
  return state.focus >= state.fields.length - 1;
}

/** The name of the focused field. */
export function focusedField<V extends FormValues>(state: FormState<V>): keyof V & string {
  return state.fields[state.focus]!;
}

/** The form reducer. */
export function formReducer<V extends FormValues>(state: FormState<V>, action: FormAction<V>): FormState<V> {
  if (state.note !== undefined && action.type !== 'note-shown') return formReducer({ ...state, note: undefined }, action);
  switch (action.type) {
    case 'note-shown':
      return { ...state, note: action.message };
    case 'value-typed': {
      const value = safeLine(action.value);
      return withUserValue(state, action.field, value, value.length);
    }
    case 'field-edited': {
      if (action.edits.length === 0) return state;
      const next = applyEdits(fieldText(state, action.field), action.edits);
      return withUserValue(state, action.field, next.value, next.cursor);
    }
    case 'value-prefilled': {
      const value = safeLine(action.value);
      if (state.edited.includes(action.field) || state.values[action.field] === value) return state;
      return { ...state, values: { ...state.values, [action.field]: value }, cursors: { ...state.cursors, [action.field]: value.length } };
    }
    case 'focus-moved': {
      const focus = Math.min(Math.max(0, state.focus + action.by), state.fields.length - 1);
      return focus === state.focus ? state : { ...state, focus };
    }
    case 'validation-failed':
      return {
        ...state,
        focus: Math.max(0, state.fields.indexOf(action.field)),
        error: { field: action.field, message: action.message },
        isSubmitting: false,
      };
    case 'submit-started':
      return { ...state, error: undefined, isSubmitting: true };
    case 'submit-failed':
      return { ...state, error: { message: action.message }, isSubmitting: false };
  }
}

/** The reducer bound to React state. */
export function useFormState<V extends FormValues>(fields: readonly (keyof V & string)[], values: V) {
  return useReducer(formReducer<V>, undefined, () => initialFormState(fields, values));
}
