/** The source of "now" for the services of both apps, so tests can pin time (domain functions take `today`). */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
