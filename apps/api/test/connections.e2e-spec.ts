import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApi, type TestApi } from './support.js';

describe('connections that stall or pile up', () => {
  let api: TestApi;
  let port: number;

  beforeAll(async () => {
    api = await startApi({ config: { idleTimeoutMs: 300, maxConnections: 3 } });
    await api.app.listen(0, '127.0.0.1');
    port = (api.app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(() => api.close());

  const open = () =>
    new Promise<Socket>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket));
    });
  const closed = (socket: Socket) =>
    new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

  it('closes a connection that stops sending in the middle of a body, freeing what it buffered', async () => {
    const socket = await open();
    socket.write(
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048000\r\n\r\n{"login":"',
    );
    socket.write('a'.repeat(100_000));
    await closed(socket);
    expect(socket.destroyed).toBe(true);
  });

  it('closes a connection that stops sending in the middle of a Loop upload, which its handler reads', async () => {
    const { token } = await api.register('stalled');
    const socket = await open();
    const boundary = 'stall';
    socket.write(
      `POST /api/v1/import/loop HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 1048000\r\n\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="Loop.db"\r\n\r\n`,
    );
    socket.write('a'.repeat(100_000));
    await closed(socket);
    expect(socket.destroyed).toBe(true);
  });

  it('refuses connections over the cap, and serves again once they close', async () => {
    const held = await Promise.all([open(), open(), open()]);
    // Accepted by the kernel, then closed by the server at once without an answer.
    const extra = await open();
    await closed(extra);
    held.forEach((socket) => socket.destroy());
    await Promise.all(held.map(closed));
    // The server learns of the closes a moment after the client does.
    const server = api.app.getHttpServer() as {
      getConnections(done: (error: Error | null, count: number) => void): void;
    };
    const connections = () =>
      new Promise<number>((resolve) => server.getConnections((_error, count) => resolve(count)));
    while ((await connections()) > 0) await new Promise((resolve) => setImmediate(resolve));
    const reply = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(reply.status).toBe(200);
  });
});
