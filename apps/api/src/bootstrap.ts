import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { IncomingMessage, Server } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import helmet from 'helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { answerSent, requestRead } from './common/idle-timeout.js';
import { completeDocument } from './common/openapi-document.js';
import { RouteMethods } from './common/route-methods.js';
import type { Clock } from '@streakforge/db';
import type { ApiConfig } from './config.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Imports carry whole histories (docs/api-guide.md, "Limits"). */
export const IMPORT_LIMIT_BYTES = 50 * 1024 * 1024;
const LOOP_IMPORT_ROUTE = '/api/v1/import/loop';
const IMPORT_ROUTES = new Set(['/api/v1/import', LOOP_IMPORT_ROUTE]);
const REQUEST_ID = /^[\w.-]{1,64}$/;

/** A caller's `X-Request-Id` when it is a sane token, else a fresh one; logs and 500 bodies quote it. */
function requestIdOf(req: IncomingMessage | Http2ServerRequest): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/** Fastify's own modules, resolved as Fastify resolves them, so the versions it ships with. */
const fromFastify = createRequire(import.meta.resolve('fastify'));
const loadedOnFirstCall = <F extends (...args: never[]) => unknown>(load: () => F): F => {
  let loaded: F | undefined;
  return ((...args: Parameters<F>) => (loaded ??= load())(...args)) as F;
};
/**
 * Fastify's JSON Schema compilers (Ajv and fast-json-stringify, 250 modules and about 4 MB of heap), loaded when a
 * route first declares a schema. No route does (Nest validates bodies with class-validator), so the API never loads
 * them; Fastify's default loads them at start.
 */
const SCHEMA_COMPILERS = {
  buildValidator: loadedOnFirstCall(() => fromFastify('@fastify/ajv-compiler')()),
  buildSerializer: loadedOnFirstCall(() => fromFastify('@fastify/fast-json-stringify-compiler')()),
};

/** The web app as `npm run build` leaves it; absent when only the API was built. */
export const WEB_APP_ROOT = join(import.meta.dirname, '../../web/dist');
const HASHED_ASSETS = '/assets/';

/**
 * The web app at `/`: one route per file of its build (no wildcard), so every other path still gets the API's
 * JSON 404. Hashed assets are cached for good; the page, the service worker and the manifest are revalidated so a
 * new version shows at once.
 */
async function serveWebApp(app: NestFastifyApplication, root: string): Promise<void> {
  if (!existsSync(join(root, 'index.html'))) {
    app.get(Logger).warn(`no web app at ${root}: run npm run build to serve it at /`);
    return;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    decorateReply: false,
    index: ['index.html'],
    cacheControl: false,
    setHeaders: (response, path) => {
      const immutable = path.startsWith(join(root, HASHED_ASSETS));
      response.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}

/**
 * The OpenAPI document and Swagger UI at /docs. The document is built on its first request, not at start: an API
 * nobody reads the document of does not hold it (about 1.5 MB).
 */
function setUpOpenApi(app: NestFastifyApplication): void {
  const buildDocument = () =>
    completeDocument(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('StreakForge API')
          .setDescription(
            'Self-hosted habit tracking. Dates are `YYYY-MM-DD` in your calendar (time zone and day start from `/me`); ' +
              'instants are ISO-8601 UTC. Every error has the body `ErrorBody`. Authenticate with `POST /api/v1/auth/login` ' +
              'and send `Authorization: Bearer <accessToken>`, or use a personal token from `POST /api/v1/me/tokens`.',
          )
          .setVersion('1')
          .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'access token (JWT) or personal API token' })
          .build(),
      ),
    );
  SwaggerModule.setup('docs', app, buildDocument, { jsonDocumentUrl: 'docs-json' });
}

/** The configured application, not yet listening; `clock` lets tests pin time. */
export async function createApp(config: ApiConfig, clock?: Clock): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, clock),
    new FastifyAdapter({
      schemaController: { compilersFactory: SCHEMA_COMPILERS },
      bodyLimit: BODY_LIMIT_BYTES,
      return503OnClosing: true,
      genReqId: requestIdOf,
      trustProxy: config.trustProxy,
      // A client that stalls mid-body holds its buffered bytes until one of these ends it.
      connectionTimeout: config.idleTimeoutMs,
      keepAliveTimeout: Math.min(5_000, config.idleTimeoutMs),
      requestTimeout: config.requestTimeoutMs,
    }),
    // Nest's own parsers would add urlencoded bodies; Fastify's JSON parser (with the body limit) is all we accept.
    { bufferLogs: true, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  (app.getHttpServer() as Server).maxConnections = config.maxConnections;
  const fastify = app.getHttpAdapter().getInstance();
  // JSON only: a text body would otherwise reach validation as a string instead of failing with 415.
  fastify.removeContentTypeParser('text/plain');
  const routes = app.get(RouteMethods);
  fastify.addHook('onRoute', (route) => {
    if (IMPORT_ROUTES.has(route.url)) route.bodyLimit = IMPORT_LIMIT_BYTES;
    routes.add(route.method, route.url);
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: IMPORT_LIMIT_BYTES, files: 1, fields: 0, parts: 1 } });
  // The plugin accepts multipart bodies on every route; elsewhere they would pass as an empty body.
  fastify.addHook('preValidation', async (request) => {
    if (request.isMultipart() && request.routeOptions.url !== LOOP_IMPORT_ROUTE) {
      throw Object.assign(new Error(`Unsupported Media Type: ${request.headers['content-type']}`), { statusCode: 415 });
    }
  });
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  // A multipart upload is read by its handler, which calls `requestRead` once it has the file.
  fastify.addHook('preHandler', async (request) => {
    if (!request.isMultipart()) requestRead(request);
  });
  fastify.addHook('onSend', async (request, _reply, payload) => {
    answerSent(request, config.idleTimeoutMs);
    return payload;
  });
  app.setGlobalPrefix('api/v1', { exclude: ['health/live', 'health/ready'] });
  // Built once: @fastify/helmet builds the middleware again on every request, re-parsing the policy each time.
  const securityHeaders = helmet({
    // Swagger UI at /docs needs inline styles and data: images; everything else stays on the strict defaults, but
    // for upgrade-insecure-requests: on a plain-HTTP LAN address it turns every script and call of the page into an
    // https:// request that nothing answers, and the page stays blank.
    contentSecurityPolicy: {
      directives: {
        upgradeInsecureRequests: null,
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
      },
    },
  });
  fastify.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)),
  );
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
      exposedHeaders: ['x-request-id'],
    });
  }
  setUpOpenApi(app);
  await serveWebApp(app, WEB_APP_ROOT);
  return app;
}
