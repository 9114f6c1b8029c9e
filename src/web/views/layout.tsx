import type { ComponentChildren } from 'preact';
import type { User } from '../../store/users.js';
import type { CollectionChoice } from '../http/collection-choices.js';
import type { NoticeKind } from '../http/notice.js';
import type { AssetUrls } from '../static-assets.js';
import { FooterSubscribe } from './footer-subscribe.js';
import { ShareTags } from './share-tags.js';
import { UserLink } from './user-link.js';

/** What every page needs to know about the request it answers. */
export interface PageContext {
  user: User | null;
  /** CSRF token for forms; null on pages cached for anonymous visitors (they carry no forms). */
  csrf: string | null;
  assets: AssetUrls;
  baseUrl: string;
  path: string;
  /** The time the page is rendered at (relative times: "5 min ago"). */
  now: Date;
  /** The reader chose the compact list over the grid of cards (src/web/http/view-preference.ts). */
  listView: boolean;
  /** A one-time notice for this reader (src/web/http/notice.ts). */
  notice: NoticeKind | null;
  /** Feeds of this page's list, advertised as `<link rel="alternate">` (src/web/feeds/formats.ts feedLinks). */
  feeds?: FeedLink[];
  /** The signed-in reader's collections, for "Add to collection" forms (src/web/http/collection-choices.ts); absent when signed out. */
  collections?: CollectionChoice[];
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
  /** The page's absolute URL (`<link rel="canonical">`); given, the head also carries share tags (Open Graph, Twitter card). */
  canonical?: string;
  /** Open Graph type of a shared page: `article` for a paper, `website` (the default) for lists. */
  shareType?: 'article' | 'website';
  /** Share-card image, absolute or site-relative (a paper's thumbnail); default: the site icon. */
  image?: string;
  /** Which main nav entry is current. */
  section?: 'daily' | 'trending' | 'search' | 'submit' | 'stats' | 'moderation' | 'login' | 'user';
  children: ComponentChildren;
}

const NAV: Array<[NonNullable<LayoutProps['section']>, string, string]> = [
  ['daily', '/papers', 'Daily'],
  ['trending', '/trending', 'Trending'],
  ['search', '/search', 'Search'],
  ['submit', '/submit', 'Submit'],
  ['stats', '/stats', 'Stats'],
];

export function Layout({ ctx, title, description, canonical, shareType, image, section, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === 'Paperboy' ? title : `${title} · Paperboy`}</title>
        {description ? <meta name="description" content={description} /> : null}
        {canonical ? <ShareTags ctx={ctx} title={title} description={description} url={canonical} type={shareType ?? 'website'} image={image} /> : null}
        <link rel="icon" href="/favicon.ico" sizes="32x32" />
        <link rel="icon" type="image/svg+xml" href={ctx.assets.icon} />
        <link rel="apple-touch-icon" href="/apple-touch-icon.png" />
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
            {section === 'search' ? null : (
              <form class="site-search" method="get" action="/search" role="search">
                <label class="vh" for="site-q">Search papers</label>
                <input id="site-q" type="search" name="q" placeholder="Search papers" autocomplete="off" />
              </form>
            )}
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
        <main id="content">
          {ctx.notice === 'signed-in' && ctx.user ? <div class="notice" role="status">You are signed in as <strong>{ctx.user.displayName}</strong>.</div> : null}
          {children}
        </main>
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
