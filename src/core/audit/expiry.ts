// Cookie expiry dates from files and browsers, kept within what a date can print: a crafted
// `expirationDate: 1e300` must read as "far future", not crash a report with a RangeError.

/** 9999-12-31T23:59:59Z, the last instant an ISO 8601 date without an expanded year can write. */
export const LATEST_EXPIRY_SECONDS = 253_402_300_799;

/** The expiry clamped to [0, 9999-12-31], and whether it had to be; undefined stays undefined. */
export function clampExpiry(seconds: number | undefined): { seconds: number | undefined; clamped: boolean } {
  if (seconds === undefined) return { seconds, clamped: false };
  if (Number.isNaN(seconds)) return { seconds: undefined, clamped: true };
  if (seconds > LATEST_EXPIRY_SECONDS) return { seconds: LATEST_EXPIRY_SECONDS, clamped: true };
  if (seconds < 0) return { seconds: 0, clamped: true };
  return { seconds, clamped: false };
}

/** An expiry as an ISO date, whatever the number. */
export function expiryIso(seconds: number): string {
  return new Date((clampExpiry(seconds).seconds ?? 0) * 1000).toISOString();
}
