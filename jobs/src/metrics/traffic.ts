// Simulated traffic, as the seed's metrics job had: here it is real HTTP requests to the app's
// own API over loopback, so the counters it moves are the same ones real clients move.
import { API_ROUTES, type ApiRoute } from './routes.ts';

function pickRoute(random: () => number): ApiRoute {
  const total = API_ROUTES.reduce((sum, r) => sum + r.weight, 0);
  let roll = random() * total;
  for (const route of API_ROUTES) {
    roll -= route.weight;
    if (roll < 0) return route;
  }
  return API_ROUTES[0]!;
}

/** Starts sending `rps` requests per second to `baseUrl`; returns a function that stops it. */
export function simulateTraffic(baseUrl: string, rps: number, random: () => number = Math.random): () => Promise<void> {
  if (rps <= 0) return async () => {};
  const pending = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const route = pickRoute(random);
    const path = route.route.replace('{id}', String(1 + Math.floor(random() * 500)));
    const request = fetch(`${baseUrl}${path}`, { method: route.method, signal: AbortSignal.timeout(10_000) })
      .then((res) => res.arrayBuffer())
      .then(
        () => {},
        () => {}, // a failed simulated request is itself counted by the server when it answers
      )
      .finally(() => pending.delete(request));
    pending.add(request);
  }, 1000 / rps);
  return async () => {
    clearInterval(timer);
    await Promise.all(pending);
  };
}
