// The app's HTTP surface. The /api routes stand in for a real service's endpoints: each answers
// after a latency drawn around its median and fails now and then, which gives the simulated
// traffic realistic rates, errors and durations.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ApiRoute {
  method: string;
  /** Route template, the `route` label; `{id}` matches one path segment. */
  route: string;
  p50Ms: number;
  /** Share of requests answered with a 5xx. */
  errorRate: number;
  /** Share of requests in the simulated mix. */
  weight: number;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', route: '/api/products', p50Ms: 15, errorRate: 0.005, weight: 40 },
  { method: 'GET', route: '/api/products/{id}', p50Ms: 8, errorRate: 0.002, weight: 25 },
  { method: 'POST', route: '/api/orders', p50Ms: 60, errorRate: 0.02, weight: 10 },
  { method: 'GET', route: '/api/orders/{id}', p50Ms: 12, errorRate: 0.005, weight: 15 },
  { method: 'POST', route: '/api/payments', p50Ms: 120, errorRate: 0.04, weight: 10 },
];

/** What a failed API request answers with. */
export const ERROR_STATUS = 503;

export const successStatus = (route: ApiRoute): number => (route.method === 'POST' ? 201 : 200);

const patterns = API_ROUTES.map((r) => ({
  route: r,
  regex: new RegExp(`^${r.route.replace(/\{[a-z]+\}/g, '[^/]+')}$`),
}));

/** The route template a request matches (bounded label values), and the route if it is an API one. */
export function matchRoute(method: string, path: string): { label: string; api?: ApiRoute } {
  if (path === '/metrics' || path === '/healthz' || path === '/readyz') return { label: path };
  for (const { route, regex } of patterns) {
    if (regex.test(path)) return method === route.method ? { label: route.route, api: route } : { label: route.route };
  }
  return { label: 'unmatched' };
}

/** Serves one API request; returns the status it answered with. */
export async function serveApi(route: ApiRoute, _req: IncomingMessage, res: ServerResponse, random: () => number = Math.random): Promise<number> {
  // Log-normal-ish spread: most requests near the median, a long tail of slow ones.
  const latency = route.p50Ms * Math.exp((random() - 0.5) * 1.5 + (random() < 0.02 ? 2 : 0));
  await sleep(latency);
  const failed = random() < route.errorRate;
  const status = failed ? ERROR_STATUS : successStatus(route);
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(failed ? '{"error":"upstream unavailable"}\n' : '{"ok":true}\n');
  return status;
}
