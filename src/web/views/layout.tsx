import type { ComponentChildren } from 'preact';
import type { User } from '../../store/users.js';
import type { AssetUrls } from '../static-assets.js';
import { FooterSubscribe } from './footer-subscribe.js';
import { UserLink } from './user-link.js';

/** What every page needs to know about the request it answers. */
export interface PageContext {
  user: User | null;
  /** CSRF token for forms; null on pages cached for anonymous visitors (they carry no forms). */
  csrf: string | null;
  assets: AssetUrls;
  baseUrl: string;
  path: string;
  /** Feeds of this page's list, advertised as `<link rel="alternate">` (src/web/feeds/formats.ts feedLinks). */
  feeds?: FeedLink[];
}

/** A feed a page offers: MIME type, a title for the reader's menu, its absolute URL. */
export interface FeedLink {
  type: string;
  title: string;
  href: string;
}

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  description?: string;
  /** Which main nav entry is current. */
  section?: 'daily' | 'trending' | 'search' | 'submit' | 'moderation' | 'login' | 'user';
  children: ComponentChildren;
}

const NAV: Array<[NonNullable<LayoutProps['section']>, string, string]> = [
  ['daily', '/papers', 'Daily'],
  ['trending', '/trending', 'Trending'],
  ['search', '/search', 'Search'],
  ['submit', '/submit', 'Submit'],
];

export function Layout({ ctx, title, description, section, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === 'Paperboy' ? title : `${title} · Paperboy`}</title>
        {description ? <meta name="description" content={description} /> : null}
        <link rel="stylesheet" href={ctx.assets.katexCss} />
        <link rel="stylesheet" href={ctx.assets.css} />
        {(ctx.feeds ?? []).map((f) => <link rel="alternate" type={f.type} title={f.title} href={f.href} />)}
        <script src={ctx.assets.js} defer></script>
      </head>
      <body>
        <a class="skip" href="#content">Skip to content</a>
        <header class="site">
          <div class="bar">
            <a class="brand" href="/">Paper<span>boy</span></a>
            <nav class="main" aria-label="Main">
              {NAV.map(([key, href, label]) => (
                <a href={href} aria-current={section === key ? 'page' : undefined}>{label}</a>
              ))}
              {ctx.user?.isAdmin ? <a href="/moderation" aria-current={section === 'moderation' ? 'page' : undefined}>Moderation</a> : null}
            </nav>
            <div class="account">
              {ctx.user ? (
                <>
                  <UserLink handle={ctx.user.name} name={ctx.user.displayName} />
                  <form method="post" action="/logout">
                    <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
                    <button class="linkish" type="submit">Log out</button>
                  </form>
                </>
              ) : (
                <a href={`/login?next=${encodeURIComponent(ctx.path)}`}>Sign in</a>
              )}
            </div>
          </div>
        </header>
        <main id="content">{children}</main>
        <footer class="site">
          <FooterSubscribe />
          Paperboy: today's research papers, ranked by readers. Data from <a href="https://arxiv.org">arXiv</a> (thank you to arXiv for use of its open access interoperability). · <a href="/stats">Stats</a> · <a href="/moderation">Moderation log</a> · <a href="/api">API</a> · <a href="/feeds/daily.rss">RSS</a>
        </footer>
      </body>
    </html>
  );
}

/** A simple page with a heading and a message: errors, confirmations. */
export function MessagePage({ ctx, title, children, error }: { ctx: PageContext; title: string; children?: ComponentChildren; error?: boolean }) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <div class={error ? 'notice error' : 'notice'} role={error ? 'alert' : 'status'}>{children}</div>
    </Layout>
  );
}
