import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { siteIcons } from './icons/site-icon.js';

/**
 * Static files, fingerprinted: each URL carries a hash of the content, so browsers may cache
 * them for a year (`immutable`) and a new release is fetched at once. The site's own files are
 * read once at start; KaTeX's stylesheet and fonts come from its package, under its version.
 */
export interface AssetUrls {
  css: string;
  js: string;
  katexCss: string;
  /** The SVG favicon. */
  icon: string;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.svg': 'image/svg+xml',
};
const IMMUTABLE = 'public, max-age=31536000, immutable';
// Icons at fixed addresses browsers ask for on their own: cached a day, so a new icon shows within one.
const ONE_DAY = 'public, max-age=86400';

// src/web and dist/web are both two levels below the package root.
const ASSET_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../src/web/assets');
const KATEX_DIR = join(dirname(createRequire(import.meta.url).resolve('katex/package.json')), 'dist');
const KATEX_VERSION = (JSON.parse(readFileSync(join(KATEX_DIR, '../package.json'), 'utf8')) as { version: string }).version;

export function registerAssets(app: FastifyInstance): AssetUrls {
  const files = new Map<string, { body: Buffer; type: string }>();
  const fingerprint = (name: string): string => {
    const body = readFileSync(join(ASSET_DIR, name));
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
    const ext = name.slice(name.lastIndexOf('.'));
    const url = `${name.slice(0, -ext.length)}.${hash}${ext}`;
    files.set(url, { body, type: TYPES[ext] ?? 'application/octet-stream' });
    return `/assets/${url}`;
  };
  const urls: AssetUrls = { css: fingerprint('site.css'), js: fingerprint('site.js'), katexCss: `/assets/katex/${KATEX_VERSION}/katex.min.css`, icon: fingerprint('favicon.svg') };

  app.get('/favicon.ico', (_req, reply) => reply.header('cache-control', ONE_DAY).type('image/x-icon').send(siteIcons().ico));
  app.get('/apple-touch-icon.png', (_req, reply) => reply.header('cache-control', ONE_DAY).type('image/png').send(siteIcons().touchPng));

  app.get<{ Params: { file: string } }>('/assets/:file', (req, reply) => {
    const f = files.get(req.params.file);
    if (!f) return reply.code(404).type('text/plain').send('no such asset');
    return reply.header('cache-control', IMMUTABLE).type(f.type).send(f.body);
  });
  const katexFiles = new Map<string, Buffer>();
  app.get<{ Params: { version: string; '*': string } }>('/assets/katex/:version/*', (req, reply) => {
    const rel = req.params['*'];
    // Only katex.min.css and fonts/<name>: no path can leave the package's dist folder.
    if (req.params.version !== KATEX_VERSION || !/^(katex\.min\.css|fonts\/[A-Za-z0-9_.-]+)$/.test(rel)) return reply.code(404).type('text/plain').send('no such asset');
    let body = katexFiles.get(rel);
    if (!body) {
      try {
        body = readFileSync(join(KATEX_DIR, rel));
      } catch {
        return reply.code(404).type('text/plain').send('no such asset');
      }
      katexFiles.set(rel, body);
    }
    return reply.header('cache-control', IMMUTABLE).type(TYPES[rel.slice(rel.lastIndexOf('.'))] ?? 'application/octet-stream').send(body);
  });
  return urls;
}
