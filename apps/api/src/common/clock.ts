/** The source of "now" for services, so tests can pin time (domain functions take `today` explicitly). */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
