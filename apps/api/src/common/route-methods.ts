import FindMyWay from 'find-my-way';

/**
 * The methods each route answers, matched as Fastify matches them, so a request to a known path with a method it
 * does not take gets 405 and `Allow` instead of a 404 that reads as "no such thing".
 */
export class RouteMethods {
  private readonly router = FindMyWay();
  private readonly methods = new Set<string>();

  add(methods: string | string[], url: string): void {
    for (const method of [methods].flat()) {
      if (this.router.hasRoute(method as 'GET', url)) continue;
      this.router.on(method as 'GET', url, () => undefined);
      this.methods.add(method);
    }
  }

  /** The methods `path` answers, sorted; empty when no route has that path. */
  allowedFor(path: string): string[] {
    return [...this.methods].filter((method) => this.router.find(method as 'GET', path) !== null).sort();
  }
}
