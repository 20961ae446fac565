import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { NeighbourUnavailableError } from './errors';
import { jsonHttp } from './http';

// Neighbour calls share kept-alive sockets; a socket the neighbour drops as we reuse it must not fail a lookup.
describe('jsonHttp on kept-alive sockets', () => {
  let server: Server;
  let base: string;
  const served = new WeakMap<object, number>();
  let dropReused = false;
  let posts = 0;
  const sockets = new Set<object>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const n = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, n);
      sockets.add(req.socket);
      if (req.method === 'POST') posts++;
      // A neighbour closing its idle keep-alive socket just as the request arrives on it.
      if (dropReused && n > 1) return void req.socket.destroy();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  const answer = z.object({ ok: z.boolean() });

  it('reuses one socket for calls in a row', async () => {
    dropReused = false;
    const http = jsonHttp('test', { baseUrl: base, timeoutMs: 2000 });
    sockets.clear();
    for (let i = 0; i < 5; i++) expect(await http.send({ method: 'GET', path: '/x' }, answer)).toEqual({ ok: true });
    expect(sockets.size).toBe(1);
  });

  it('sends a GET again on a fresh socket when the reused one is dropped, but never a POST', async () => {
    dropReused = true;
    const http = jsonHttp('test', { baseUrl: base, timeoutMs: 2000 });
    expect(await http.send({ method: 'GET', path: '/first' }, answer)).toEqual({ ok: true });
    expect(await http.send({ method: 'GET', path: '/again' }, answer)).toEqual({ ok: true });

    posts = 0;
    await http.send({ method: 'GET', path: '/warm' }, answer);
    const post = http.send({ method: 'POST', path: '/credit', body: { amount: '1' } }, answer);
    await expect(post).rejects.toBeInstanceOf(NeighbourUnavailableError);
    expect(posts).toBe(1);
  });
});
