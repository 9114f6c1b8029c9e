import { Layout, type PageContext } from './layout.js';

/**
 * `/account/delete`: what deleting an account removes and keeps, and the form that does it:
 * the user types their handle or e-mail address to confirm (no script needed).
 */
export function AccountDeletePage({ ctx, handle, error, typed }: { ctx: PageContext; handle: string; error?: string; typed?: string }) {
  return (
    <Layout ctx={ctx} title="Delete your account" section="user">
      <h1>Delete your account</h1>
      <p>This cannot be undone. Deleting your account removes your e-mail address, handle and display name, your sign-ins and API tokens, your digest subscription and any digest not yet sent, what you follow, your For-you feedback, your collections (public ones too), your author claims, your organization memberships, media you uploaded and submissions still waiting.</p>
      <p>What you did in public stays, without your name: your upvotes still count in each paper's score, and your comments stay in their threads, shown as "[deleted user]". Papers you submitted stay. If you are the only admin of an organization, its longest-standing member becomes admin.</p>
      <p>Signing in later with the same address starts a new, empty account.</p>
      {error ? <div class="notice error" role="alert">{error}</div> : null}
      <form method="post" action="/account/delete" id="delete-account">
        <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
        <label>
          Type your handle (<strong>{handle}</strong>) or your e-mail address to confirm
          <input type="text" name="confirm" autocomplete="off" required value={typed ?? ''} />
        </label>
        <button type="submit" class="danger">Delete my account</button>
      </form>
    </Layout>
  );
}
