import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The app's Content-Security-Policy: scripts, styles, images and connections only from its own
 * origin, plus its websocket (named explicitly: older browsers do not count ws: as 'self'). Styles
 * allow inline because Emotion (MUI) injects its style elements at run time.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const sockets = host ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A browser loading a page (not a script calling the API): it asks for HTML. */
export function isNavigation(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const mode = request.headers['sec-fetch-mode'];
  if (mode === 'navigate') return true;
  const accept = request.headers.accept ?? '';
  return (
    accept.startsWith('text/html') || accept.includes(',text/html') || accept.includes('application/xhtml')
  );
}

/**
 * Serves the built web app (`web/dist`): hashed files under /assets/ cached for a year as
 * immutable; any other path the app owns answers index.html (client routes), never cached, with
 * the CSP. Answers false when the path is not the app's to serve.
 */
export function webApp(root: string) {
  const assets = join(root, 'assets');
  const send = async (reply: FastifyReply, file: string, cache: string, csp?: string): Promise<boolean> => {
    const info = await stat(file).catch(() => null);
    if (info === null || !info.isFile()) return false;
    reply
      .header('content-type', contentTypes[extname(file)] ?? 'application/octet-stream')
      .header('content-length', info.size)
      .header('cache-control', cache)
      .header('x-content-type-options', 'nosniff');
    if (csp !== undefined)
      reply.header('content-security-policy', csp).header('referrer-policy', 'same-origin');
    await reply.send(createReadStream(file));
    return true;
  };
  return {
    /** A file of the build: /assets/<hashed name>, or a top-level file like /favicon.ico. */
    async asset(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      const path = decodeURIComponent(request.url.split('?')[0] ?? '/');
      const file = normalize(join(root, path));
      if (!file.startsWith(root + sep) || file === join(root, 'index.html')) return false;
      const immutable = file.startsWith(assets + sep);
      return send(reply, file, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
    /** index.html, for any client route. */
    async page(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
      return send(reply, join(root, 'index.html'), 'no-cache', contentSecurityPolicy(request.headers.host));
    },
  };
}
