// The load generator, run as its own process so it does not share a CPU budget with the server it measures.
// Reads a plan (JSON file: url, connections, duration, and the requests to send in order, shared by all
// connections so each is sent once per pass) and prints autocannon's result as one JSON line.
// Usage: node load.mjs <plan.json>
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let next = 0;
const result = await autocannon({
  url: plan.url,
  connections: plan.connections,
  duration: plan.duration,
  requests: [
    {
      setupRequest: (request) => {
        const { method, path, token, body } = plan.requests[next++ % plan.requests.length];
        return {
          ...request,
          method,
          path,
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          body: body ? JSON.stringify(body) : undefined,
        };
      },
    },
  ],
});
process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    statuses: result.statusCodeStats,
    wrapped: next > plan.requests.length,
  })}\n`,
);
