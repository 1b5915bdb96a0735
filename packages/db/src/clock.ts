/** The source of "now" for the services of both apps, so tests can pin time (domain functions take `today`). */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that reads what it was last set to: for tests, which move time by hand. */
export class SettableClock extends Clock {
  constructor(public current: Date) {
    super();
  }

  now(): Date {
    return this.current;
  }

  set(iso: string): void {
    this.current = new Date(iso);
  }
}
