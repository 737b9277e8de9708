/**
 * The state of a modal form as a pure reducer: field values, which field has focus, the
 * inline error, and whether a submit is in flight. The form views own the fields; this
 * reducer owns the rules (Tab/Enter move on, the last field submits, errors refocus).
 * Values are single-line text without control characters: whatever is typed or pasted
 * (a bell, a C1 sequence, a newline) is cleaned on the way in, so a field never draws one.
 */
import { useReducer } from 'react';
import { safeLine } from '../../src/text/safe-text.js';

/** A form's values, by field name. */
export type FormValues = Readonly<Record<string, string>>;

/** The state of one form. */
export interface FormState<V extends FormValues> {
  readonly fields: readonly (keyof V & string)[];
  readonly values: V;
  readonly focus: number;
  /** Fields the user typed into (prefills do not overwrite them). */
  readonly edited: readonly (keyof V & string)[];
  readonly error?: { readonly field?: keyof V & string; readonly message: string };
  readonly isSubmitting: boolean;
}

/** What can happen to a form. */
export type FormAction<V extends FormValues> =
  | { readonly type: 'value-typed'; readonly field: keyof V & string; readonly value: string }
  | { readonly type: 'value-prefilled'; readonly field: keyof V & string; readonly value: string }
  | { readonly type: 'focus-moved'; readonly by: 1 | -1 }
  | { readonly type: 'validation-failed'; readonly field: keyof V & string; readonly message: string }
  | { readonly type: 'submit-started' }
  | { readonly type: 'submit-failed'; readonly message: string };

/** Every value with control characters removed and line breaks folded (see safeLine). */
function cleanValues<V extends FormValues>(values: V): V {
  return Object.fromEntries(Object.entries(values).map(([field, value]) => [field, safeLine(value)])) as V;
}

/** A fresh form with `values`, focus on the first field. */
export function initialFormState<V extends FormValues>(fields: readonly (keyof V & string)[], values: V): FormState<V> {
  return { fields, values: cleanValues(values), focus: 0, edited: [], isSubmitting: false };
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
  switch (action.type) {
    case 'value-typed': {
      const value = safeLine(action.value);
      if (state.values[action.field] === value) return state;
      const edited = state.edited.includes(action.field) ? state.edited : [...state.edited, action.field];
      const error = state.error && (state.error.field === undefined || state.error.field === action.field) ? undefined : state.error;
      return { ...state, values: { ...state.values, [action.field]: value }, edited, error };
    }
    case 'value-prefilled': {
      const value = safeLine(action.value);
      if (state.edited.includes(action.field) || state.values[action.field] === value) return state;
      return { ...state, values: { ...state.values, [action.field]: value } };
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
