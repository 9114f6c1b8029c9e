import { Layout, type PageContext } from './layout.js';

export function LoginPage({ ctx, next, error, email }: { ctx: PageContext; next: string; error?: string; email?: string }) {
  return (
    <Layout ctx={ctx} title="Sign in" section="login">
      <h1>Sign in</h1>
      <p>We e-mail you a link that signs you in: no password to remember. New here? The same link creates your account.</p>
      {error ? <div class="notice error" role="alert">{error}</div> : null}
      <form class="stack" method="post" action="/login">
        <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
        <input type="hidden" name="next" value={next} />
        <label for="email">E-mail address</label>
        <input id="email" type="email" name="email" required autocomplete="email" value={email ?? ''} />
        <button class="primary" type="submit">E-mail me a sign-in link</button>
      </form>
    </Layout>
  );
}

export function LoginSentPage({ ctx, email, minutes }: { ctx: PageContext; email: string; minutes: number }) {
  return (
    <Layout ctx={ctx} title="Check your inbox" section="login">
      <h1>Check your inbox</h1>
      <div class="notice" role="status">
        If <strong>{email}</strong> can receive mail, a sign-in link is on its way. It works once, for {minutes} minutes.
      </div>
    </Layout>
  );
}

/**
 * The page a sign-in link opens. Signing in takes a click (a POST): mail scanners that open
 * every link would otherwise use up the single-use token before the person does.
 */
export function LoginConfirmPage({ ctx, token, email }: { ctx: PageContext; token: string; email: string | undefined }) {
  return (
    <Layout ctx={ctx} title="Sign in" section="login">
      <h1>Sign in to Paperboy</h1>
      {email ? (
        <p>Signing in as <strong>{email}</strong>.</p>
      ) : (
        <div class="notice error" role="alert">This link no longer works: sign-in links work once, for a limited time. <a href="/login">Ask for a new one</a>.</div>
      )}
      <form class="stack" method="post" action="/login/verify">
        <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
        <input type="hidden" name="token" value={token} />
        <button class="primary" type="submit">Sign in</button>
      </form>
    </Layout>
  );
}
