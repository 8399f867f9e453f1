// A minimal HTTP server for a prom-client registry: /metrics, plus /healthz for probes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export class PortInUseError extends Error {}

/** Listens on `port` (0 picks a free one); rejects with a readable message when it cannot. */
export async function serveMetrics(registry: Registry, port: number, host: string): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      registry.metrics().then(
        (body) => {
          res.writeHead(200, { 'Content-Type': registry.contentType });
          res.end(body);
        },
        (error: Error) => {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(`metrics collection failed: ${error.message}\n`);
        },
      );
      return;
    }
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok\n');
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found; try /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(`port ${port} on ${host} is already in use; set METRICS_PORT / --metrics-port to a free port or 0`)
          : new Error(`cannot listen on ${host}:${port}: ${error.message}; set METRICS_HOST / --metrics-host to an address of this machine`),
      ),
    );
    server.listen(port, host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
