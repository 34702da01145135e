import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { problem, PROBLEM_CONTENT_TYPE } from './problem';

/**
 * A method a path does not have is a 405 with `Allow` (RFC 9110, 15.5.6), not a 404 as if the path did not exist:
 * every path gets a route for each method Fastify knows that it lacks, answering before the body is read (so a
 * `QUERY` without Content-Type is a 405 too, not a 400). Call `watch` before any route is registered, and the
 * returned function once all are (before the server is ready).
 */
export function answerUnsupportedMethods(fastify: FastifyInstance): () => void {
  const methodsByUrl = new Map<string, Set<string>>();
  fastify.addHook('onRoute', (route) => {
    const methods = methodsByUrl.get(route.url) ?? new Set<string>();
    for (const m of [route.method].flat()) methods.add(m.toUpperCase());
    methodsByUrl.set(route.url, methods);
  });
  return () => {
    for (const [url, methods] of [...methodsByUrl]) {
      // OPTIONS, HEAD and the other methods a client may try; the answer names what the path does support.
      const allow = [...methods].sort().join(', ');
      const missing = fastify.supportedMethods.filter((m) => !methods.has(m)) as HTTPMethods[];
      if (!missing.length) continue;
      const refuse = async (request: FastifyRequest, reply: FastifyReply) => {
        const body = { ...problem(405, `${request.method} is not supported here; use ${allow}.`), instance: request.url.split('?')[0] };
        await reply.status(405).header('allow', allow).type(PROBLEM_CONTENT_TYPE).send(body);
      };
      fastify.route({ method: missing, url, onRequest: refuse, handler: async () => undefined });
    }
  };
}
