import { wallClock } from './wallclock'

// Wall-clock times in a named time zone (the community's), for the schedule field and the
// calendar: the core stores UTC instants, people type and see local times of the community.

function parts(date: Date, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {}
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
  for (const p of format.formatToParts(date)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value)
  }
  return out
}

/** How far `timeZone` is ahead of UTC at `date`, in milliseconds. */
function offsetAt(date: Date, timeZone: string): number {
  const p = parts(date, timeZone)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return asUtc - Math.floor(date.getTime() / 1000) * 1000
}

const pad = (n: number) => String(n).padStart(2, '0')

/** `YYYY-MM-DDTHH:mm` as read on a clock in `timeZone`. */
export function toZonedInput(iso: string, timeZone: string): string {
  const p = parts(new Date(iso), timeZone)
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`
}

/** `YYYY-MM-DD` of the instant on a calendar in `timeZone`. */
export function zonedDay(iso: string, timeZone: string): string {
  return toZonedInput(iso, timeZone).slice(0, 10)
}

/** The UTC instant (ISO 8601) of the wall time `YYYY-MM-DDTHH:mm` in `timeZone`. */
export function fromZonedInput(local: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/.exec(local)
  if (!m) throw new Error(`not a local date-time: ${local}`)
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5])
  // Two passes settle the offset on either side of a daylight-saving change.
  let guess = wall - offsetAt(new Date(wall), timeZone)
  guess = wall - offsetAt(new Date(guess), timeZone)
  return new Date(guess).toISOString()
}

/**
 * The current wall-clock time in `timeZone` as a floating `YYYY-MM-DDTHH:mm:ss`, so the
 * calendar's "today" is the community's today, not this computer's or UTC's.
 */
export function wallClockNow(timeZone: string, now: Date = new Date()): string {
  return wallClock(now.toISOString(), timeZone)
}
