import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, OfflineError } from '../api/client.js';

/** A labelled field with the API's message for it shown beneath, tied to the input for screen readers. */
export function Field(props: {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  children: ComponentChildren;
}) {
  const errorId = `${props.name}-error`;
  const hintId = `${props.name}-hint`;
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={props.name}>{props.label}</label>
      {props.children}
      {props.hint && (
        <small id={hintId} class="hint">
          {props.hint}
        </small>
      )}
      {props.error && (
        <small id={errorId} class="error" role="alert">
          {props.error}
        </small>
      )}
    </div>
  );
}

/** The attributes that tie an input to its {@link Field}'s messages. */
export function described(name: string, error: string | undefined, hint = false) {
  const ids = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
  return { id: name, name, 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined };
}

/** A submit's state: busy while it runs, then the API's refusal by field and as a whole. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught);
      else if (caught instanceof OfflineError) setError(new ApiError(0, 'You are offline: this needs the server.'));
      else throw caught;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, field: (name: string) => error?.field(name) };
}

/** A form-wide message: the API's words when no field carries them. */
export function FormError(props: { error: ApiError | null }) {
  if (!props.error) return null;
  return (
    <p class="form-error" role="alert">
      {props.error.message}
    </p>
  );
}
