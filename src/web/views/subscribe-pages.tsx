import { DIGEST_SIZE, type Preferences } from '../../domain/digest-rules.js';
import { Layout, type PageContext } from './layout.js';

const DEFAULT_PREFS: Preferences = { frequency: 'daily', topics: { categories: [], queries: [] }, size: DIGEST_SIZE.default };

/** The preference fields, shared by the subscribe and the manage forms. */
function PreferenceFields({ prefs }: { prefs: Preferences }) {
  return (
    <>
      <fieldset class="stack">
        <legend>How often</legend>
        <label><input type="radio" name="frequency" value="daily" checked={prefs.frequency === 'daily'} /> Daily: the top papers of each announcement day</label>
        <label><input type="radio" name="frequency" value="weekly" checked={prefs.frequency === 'weekly'} /> Weekly: the top papers of the week, on Mondays</label>
      </fieldset>
      <label for="categories">arXiv categories (optional, comma separated)</label>
      <input id="categories" type="text" name="categories" placeholder="cs.CL, cs.LG" value={prefs.topics.categories.join(', ')} />
      <label for="queries">Saved searches (optional, one per line: a paper matches when it has every word)</label>
      <textarea id="queries" name="queries" rows={3} placeholder={'diffusion models\nreinforcement learning'}>{prefs.topics.queries.join('\n')}</textarea>
      <label><input type="checkbox" name="following" value="1" checked={prefs.topics.following === true} /> What I follow: the papers of the authors, organizations, categories and collections followed by the Paperboy account of this e-mail address</label>
      <label><input type="checkbox" name="for_you" value="1" checked={prefs.topics.forYou === true} /> For you: the papers ranked for the Paperboy account of this e-mail address, each with the reason (as on <a href="/for-you">For you</a>); it replaces the topics above. Needs an account: subscribe signed in, with your account's address</label>
      <span class="muted">No topic at all: the top papers of everything.</span>
      <label for="size">Papers per digest ({DIGEST_SIZE.min}–{DIGEST_SIZE.max})</label>
      <input id="size" type="number" name="size" min={DIGEST_SIZE.min} max={DIGEST_SIZE.max} value={String(prefs.size)} />
    </>
  );
}

export function SubscribePage({ ctx, error, email, prefs = DEFAULT_PREFS }: { ctx: PageContext; error?: string; email?: string; prefs?: Preferences }) {
  return (
    <Layout ctx={ctx} title="Get the top papers by e-mail">
      <h1>Top papers in your inbox</h1>
      <p>A daily or weekly e-mail with the most upvoted papers, for the topics you choose. No account needed; every mail has a one-click unsubscribe link.</p>
      {error ? <div class="notice error" role="alert">{error}</div> : null}
      <form class="stack" method="post" action="/subscribe">
        <label for="sub-email">E-mail address</label>
        <input id="sub-email" type="email" name="email" required autocomplete="email" value={email ?? ''} />
        <PreferenceFields prefs={prefs} />
        <button class="primary" type="submit">Subscribe</button>
      </form>
    </Layout>
  );
}

export function ManagePage({ ctx, token, unsubscribeHref, email, prefs, saved, error }: { ctx: PageContext; token: string; unsubscribeHref: string; email: string; prefs: Preferences; saved?: boolean; error?: string }) {
  return (
    <Layout ctx={ctx} title="Your digest">
      <h1>Your digest</h1>
      <p>For <strong>{email}</strong>.</p>
      {saved ? <div class="notice" role="status">Saved. The next digest follows these settings.</div> : null}
      {error ? <div class="notice error" role="alert">{error}</div> : null}
      <form class="stack" method="post" action={`/subscriptions/manage?t=${encodeURIComponent(token)}`}>
        <PreferenceFields prefs={prefs} />
        <button class="primary" type="submit">Save</button>
      </form>
      <p><a href={unsubscribeHref}>Unsubscribe</a></p>
    </Layout>
  );
}

/** A page with one button that POSTs the token: confirm, unsubscribe (link prefetchers only GET). */
export function TokenActionPage({ ctx, title, text, action, button }: { ctx: PageContext; title: string; text: string; action: string; button: string }) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{text}</p>
      <form method="post" action={action}>
        <button class="primary" type="submit">{button}</button>
      </form>
    </Layout>
  );
}
