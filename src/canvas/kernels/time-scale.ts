/**
 * Time on the x axis. World x is proportional to time: WORLD_PER_DAY world
 * units per day from the Unix epoch, so layout never depends on the zoom.
 * Calendar arithmetic happens in a fixed UTC offset (the UI passes the
 * local one); daylight-saving shifts are ignored on purpose so that a day is
 * always the same width.
 */
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const WORLD_PER_DAY = 48;

export class TimeScale {
  constructor(readonly utcOffsetMinutes = 0) {}

  xOf(ms: number): number {
    return (ms / DAY_MS) * WORLD_PER_DAY;
  }

  msOf(x: number): number {
    return (x / WORLD_PER_DAY) * DAY_MS;
  }

  /** Calendar fields of an instant in this scale's offset, via a shifted UTC date. */
  local(ms: number): Date {
    return new Date(ms + this.utcOffsetMinutes * 60_000);
  }

  /** The instant of a local calendar date (months may overflow, as Date.UTC allows). */
  instant(year: number, month: number, day = 1, hour = 0): number {
    return Date.UTC(year, month, day, hour) - this.utcOffsetMinutes * 60_000;
  }
}
