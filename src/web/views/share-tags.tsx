import type { PageContext } from './layout.js';
import { absoluteUrl } from '../render/absolute-url.js';

/**
 * `<link rel="canonical">`, Open Graph and Twitter card tags: what a link preview shows. Without
 * an image of its own a page shares the site icon (a small card); with one, a large card.
 */
export function ShareTags({ ctx, title, description, url, type, image }: { ctx: PageContext; title: string; description: string | undefined; url: string; type: 'article' | 'website'; image: string | undefined }) {
  const imageUrl = absoluteUrl(ctx.baseUrl, image ?? '/apple-touch-icon.png');
  return (
    <>
      <link rel="canonical" href={url} />
      <meta property="og:site_name" content="Paperboy" />
      <meta property="og:type" content={type} />
      <meta property="og:title" content={title} />
      {description ? <meta property="og:description" content={description} /> : null}
      <meta property="og:url" content={url} />
      <meta property="og:image" content={imageUrl} />
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={title} />
      {description ? <meta name="twitter:description" content={description} /> : null}
      <meta name="twitter:image" content={imageUrl} />
    </>
  );
}

