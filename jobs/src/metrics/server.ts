// The app-service HTTP server: routes every request, measures it, and knows whether it is ready.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpMetrics } from './http-metrics.ts';
import { matchRoute, serveApi } from './routes.ts';

export interface AppServer {
  server: Server;
  port: number;
  /** /readyz answers 200 only while this is true: not while starting, not while shutting down. */
  setReady(ready: boolean): void;
  /** Stops accepting connections and resolves once the requests in progress are answered. */
  close(): Promise<void>;
}

export async function startAppServer(metrics: HttpMetrics, port: number, host: string): Promise<AppServer> {
  let ready = false;
  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const { label, api } = matchRoute(method, path);
    const finish = (status: number): void => metrics.observe(method, label, status, Number(process.hrtime.bigint() - started) / 1e9);
    const text = (status: number, body: string, type = 'text/plain; charset=utf-8'): void => {
      res.writeHead(status, { 'Content-Type': type });
      res.end(body);
      finish(status);
    };
    if (api) {
      serveApi(api, req, res).then(finish, () => text(500, 'internal error\n'));
      return;
    }
    if (method !== 'GET' && label !== 'unmatched') return text(405, 'method not allowed\n');
    switch (label) {
      case '/metrics':
        metrics.registry.metrics().then(
          (body) => text(200, body, metrics.registry.contentType),
          (error: Error) => text(500, `metrics collection failed: ${error.message}\n`),
        );
        return;
      case '/healthz':
        return text(200, 'ok\n');
      case '/readyz':
        return ready ? text(200, 'ready\n') : text(503, 'not ready\n');
      default:
        return text(404, 'not found\n');
    }
  });
  // Keep-alive connections would hold close() open; idle ones are closed on shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'EADDRINUSE' ? `port ${port} is already in use; set PORT to a free port` : error.message)),
    );
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    setReady: (value) => (ready = value),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
