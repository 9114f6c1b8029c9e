import { DISPLAY_NAME_MAX } from '../../domain/user-names.js';
import { Layout, type PageContext } from './layout.js';

/** What the names form shows: the values to prefill, where to go next, what went wrong. */
export interface NamesFormState {
  handle: string;
  displayName: string;
  /** The current handle contains the address's local part (handles made before they were chosen). */
  revealing: boolean;
  next?: string;
  error?: string;
}

/**
 * The handle and display name form: on /welcome after the first sign-in, on one's own profile
 * later. Same fields, same checks (src/web/pages/user-names.ts), two places.
 */
export function NamesForm({ csrf, action, state, button }: { csrf: string; action: string; state: NamesFormState; button: string }) {
  return (
    <form class="stack" method="post" action={action}>
      <input type="hidden" name="_csrf" value={csrf} />
      {state.next !== undefined ? <input type="hidden" name="next" value={state.next} /> : null}
      {state.error ? <div class="notice error" role="alert">{state.error}</div> : null}
      {state.revealing ? (
        <div class="notice" role="status">
          Your handle was made from your e-mail address, so anyone can guess where to write to you. Choose another to keep it private (links to your old profile address stop working).
        </div>
      ) : null}
      <label for="handle">Handle: your profile is /u/<em>handle</em></label>
      <input id="handle" type="text" name="handle" required minLength={3} maxLength={24} pattern="[A-Za-z0-9][A-Za-z0-9_\-]{1,22}[A-Za-z0-9]" value={state.handle} autocomplete="username" spellcheck={false} />
      <p class="muted">3 to 24 letters a-z, digits, - and _. Shown to everyone.</p>
      <label for="display-name">Display name</label>
      <input id="display-name" type="text" name="display_name" maxLength={DISPLAY_NAME_MAX} value={state.displayName} autocomplete="nickname" />
      <p class="muted">What others see beside your comments and submissions; up to {DISPLAY_NAME_MAX} characters, empty for your handle.</p>
      <button class="primary" type="submit">{button}</button>
    </form>
  );
}

/** /welcome: the one step after the first sign-in; also the edit form's page when a change is refused. */
export function NamesPage({ ctx, welcome, state }: { ctx: PageContext; welcome: boolean; state: NamesFormState }) {
  return (
    <Layout ctx={ctx} title={welcome ? 'Welcome' : 'Your name'} section="user">
      <h1>{welcome ? 'Welcome to Paperboy' : 'Your name on Paperboy'}</h1>
      {welcome ? <p>Choose how others see you. Your e-mail address is never shown to anyone.{state.revealing ? '' : ' The names below are a default that says nothing about it: keep them or choose your own.'}</p> : null}
      <NamesForm csrf={ctx.csrf ?? ''} action={welcome ? '/welcome' : '/profile/names'} state={state} button={welcome ? 'Continue' : 'Save'} />
    </Layout>
  );
}
