// The floor of the apps' idle memory: the least the stack they are built on holds, with none of StreakForge's own
// features. Each level runs as a process of its own, started as the apps start (keepHeapSmall first), does what every
// app of that kind must do once (open the database and read a row; answer one HTTP request), prints `ready` and
// idles; run.mjs reads its RSS after the same settling time as the apps' idle figures.
//   node       Node alone
//   nest       an empty NestJS application context
//   worker     the same with the project's MikroORM module on the bench's database: what the worker is built on
//   http       an empty NestJS app on Fastify with one route, one request answered
//   api        the same with the MikroORM module: what the API is built on
// Usage: node stack-floor.mjs <level> <database file or postgresql:// address> <port>
import { keepHeapSmall } from '../packages/db/dist/runtime.js';

const [level, database, port] = process.argv.slice(2);
const heap = keepHeapSmall();

if (level !== 'node') {
  await import('reflect-metadata');
  const { Controller, Get, Module } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  const imports = [];
  let readOneRow;
  if (level === 'worker' || level === 'api') {
    const { MikroOrmModule } = await import('@mikro-orm/nestjs');
    const db = await import('../packages/db/dist/index.js');
    imports.push(db.createOrmConfig(db.databaseOptionsOf(database)).then((config) => MikroOrmModule.forRoot(config)));
    readOneRow = (app) => app.get(db.MikroORM).em.fork().count(db.User);
  }
  const http = level === 'http' || level === 'api';
  class Hello {
    hello() {
      return { hello: 'world' };
    }
  }
  if (http) {
    Get('hello')(Hello.prototype, 'hello', Object.getOwnPropertyDescriptor(Hello.prototype, 'hello'));
    Controller()(Hello);
  }
  class FloorModule {}
  Module({ imports, controllers: http ? [Hello] : [] })(FloorModule);

  let app;
  if (http) {
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    const { get } = await import('node:http');
    app = await NestFactory.create(FloorModule, new FastifyAdapter(), { logger: false });
    await app.listen(Number(port), '127.0.0.1');
    await new Promise((answered, failed) =>
      get(`http://127.0.0.1:${port}/hello`, (response) => response.resume().on('end', answered)).on('error', failed),
    );
  } else {
    app = await NestFactory.createApplicationContext(FloorModule, { logger: false });
  }
  await readOneRow?.(app);
}
heap.ready();
console.log('ready');
setInterval(() => undefined, 2 ** 31 - 1);
