// The machines CI runs on have no Docker engine: the image and compose topology are checked structurally here,
// and the same topology runs for real through `npm start` (start.spec.mjs).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../..');
const read = (file) => readFileSync(resolve(root, file), 'utf8');

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true });
  const { migrate, api, worker } = compose.services;

  it('has exactly migrate, api and worker, all from the one image', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'migrate', 'worker']);
    for (const service of [migrate, api, worker]) {
      expect(service.build).toBe('.');
      expect(service.image).toBe('streakforge:latest');
      expect(service.init).toBe(true);
    }
  });

  it('runs migrations once, and api and worker only after they succeeded', () => {
    expect(migrate.command).toEqual(['node', 'packages/db/dist/migrate.js']);
    expect(migrate.restart).toBe('no');
    for (const service of [api, worker]) {
      expect(service.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
      expect(service.restart).toBe('unless-stopped');
    }
  });

  it('starts commands that the build produces', () => {
    for (const service of [migrate, api, worker]) expect(existsSync(resolve(root, service.command[1]))).toBe(true);
  });

  it('shares one local named volume for the database, secret and backups', () => {
    expect(compose.volumes).toEqual({ 'streakforge-data': { driver: 'local' } });
    for (const service of [migrate, api, worker]) {
      expect(service.volumes).toEqual(['streakforge-data:/data']);
      expect(service.environment.DATABASE_PATH).toBe('/data/streakforge.db');
    }
    expect(worker.environment.BACKUP_DIR).toBe('/data/backups');
    expect(read('docker-compose.yml')).toMatch(/must be a LOCAL volume/);
  });

  it('publishes the API on 3000 with a readiness health check', () => {
    expect(api.ports).toEqual(['3000:3000']);
    expect(api.environment).toMatchObject({ HOST: '0.0.0.0', PORT: '3000' });
    expect(api.healthcheck.test.join(' ')).toContain('/health/ready');
    expect(worker.healthcheck).toEqual({ disable: true });
  });

  it('holds no secrets: every sensitive value comes from the environment', () => {
    expect(api.environment.JWT_SECRET).toBe('${JWT_SECRET:-}');
  });
});

describe('docker-compose.postgres.yml', () => {
  const compose = parse(read('docker-compose.postgres.yml'), { merge: true });
  const { postgres, migrate, api, worker, proxy } = compose.services;
  const replicas = [compose.services['api-1'], compose.services['api-2']];

  it('adds a health-checked PostgreSQL 15 on a named volume, which migrate waits for', () => {
    expect(postgres.image).toMatch(/^postgres:15/);
    expect(postgres.volumes).toEqual(['streakforge-postgres:/var/lib/postgresql/data']);
    expect(compose.volumes).toEqual({ 'streakforge-postgres': { driver: 'local' } });
    expect(postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(postgres.environment.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });

  it('points migrate, the worker and two API replicas at it, the replicas sharing one required JWT_SECRET', () => {
    for (const service of [migrate, worker, ...replicas]) {
      expect(service.environment.DATABASE_URL).toMatch(
        /^postgresql:\/\/streakforge:\$\{POSTGRES_PASSWORD:\?.*\}@postgres:5432\/streakforge$/,
      );
    }
    for (const replica of replicas) {
      expect(replica).toMatchObject({ image: 'streakforge:latest', command: ['node', 'apps/api/dist/main.js'] });
      expect(replica.environment.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
      expect(replica.depends_on).toEqual({ migrate: { condition: 'service_completed_successfully' } });
    }
    expect(api.profiles).toEqual(['sqlite-only']);
  });

  it('puts both replicas behind Caddy on port 3000, health-checked on /health/ready', () => {
    expect(proxy.image).toMatch(/^caddy:2/);
    expect(proxy.ports).toEqual(['3000:3000']);
    expect(proxy.volumes).toEqual(['./deploy/Caddyfile:/etc/caddy/Caddyfile:ro']);
    const caddyfile = read('deploy/Caddyfile');
    expect(caddyfile).toMatch(/reverse_proxy api-1:3000 api-2:3000/);
    expect(caddyfile).toMatch(/health_uri \/health\/ready/);
  });
});

describe('Dockerfile', () => {
  const lines = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'));
  const stages = lines.reduce(
    (all, line) => (line.startsWith('FROM ') ? [...all, [line]] : (all.at(-1)?.push(line), all)),
    [],
  );
  const runtime = stages.at(-1);

  it('builds in one stage and runs from a second, both on Node 24 Debian slim', () => {
    expect(stages.length).toBe(2);
    for (const stage of stages) expect(stage[0]).toMatch(/^FROM node:24-bookworm-slim\b/);
    expect(stages[0].join('\n')).toMatch(/RUN npm ci/);
    expect(stages[0].join('\n')).toMatch(/npm run build/);
    expect(stages[0].join('\n')).toMatch(/npm prune --omit=dev/);
    expect(runtime.join('\n')).toMatch(/COPY --from=build/);
  });

  it('runs as a non-root user under tini, with a health check on /health/ready', () => {
    const users = runtime.filter((line) => line.startsWith('USER '));
    expect(users).toEqual(['USER node']);
    expect(runtime).toContain('ENTRYPOINT ["/usr/bin/tini", "--"]');
    expect(runtime.find((line) => line.startsWith('HEALTHCHECK'))).toContain('/health/ready');
    expect(runtime.find((line) => line.startsWith('CMD'))).toBe('CMD ["node", "apps/api/dist/main.js"]');
  });

  it("ships pg_dump and pg_restore for the worker's PostgreSQL backups", () => {
    expect(runtime.join('\n')).toMatch(/apt-get install -y --no-install-recommends [^\n]*postgresql-client/);
  });

  it('keeps dependencies, data and build output out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/dist', 'data', '*.db', '.git']) expect(ignored).toContain(entry);
  });
});
