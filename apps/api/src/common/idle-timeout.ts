import type { FastifyRequest } from 'fastify';

/**
 * The connection's idle timeout (`HTTP_IDLE_TIMEOUT_MS`) is for a client that has gone quiet. Once the whole request
 * is read, the server is the one working (a large import, a wait for another process's write lock), and cutting the
 * connection then would drop the answer while the work still lands; the timeout applies again once the answer is
 * sent. Injected requests (`app.inject`) have a stand-in socket without timers.
 */
export function requestRead(request: FastifyRequest): void {
  request.raw.socket.setTimeout?.(0);
}

export function answerSent(request: FastifyRequest, idleTimeoutMs: number): void {
  request.raw.socket.setTimeout?.(idleTimeoutMs);
}
