// Words and times of the governance pages: the core's wire words to labels, and the
// community-local start time of a meeting as people read and type it.

export const MEETING_STATUSES = ['scheduled', 'in_progress', 'completed', 'cancelled'] as const
export const WORK_STATUSES = ['planning', 'in_progress', 'completed'] as const
export const LOCATION_TYPES = ['online', 'offline', 'hybrid'] as const
export const FREQUENCIES = ['monthly', 'quarterly', 'yearly'] as const
export const STANDARD_ROLES = ['主席', '副主席', '委员', '常务委员'] as const

/** Element Plus tag colour per meeting status. */
export function statusTagType(status: string): 'primary' | 'success' | 'info' | 'warning' | 'danger' {
  switch (status) {
    case 'in_progress':
      return 'warning'
    case 'completed':
      return 'success'
    case 'cancelled':
      return 'info'
    default:
      return 'primary'
  }
}

/**
 * `2026-03-10T14:00:00+08:00` (the core's local text) → `2026-03-10 14:00`: the wall-clock
 * time in the community's zone, which is also what the meeting form accepts.
 */
export function localWallTime(scheduledLocal: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(scheduledLocal)
  return match ? `${match[1]} ${match[2]}` : scheduledLocal
}

/** The wall-clock time without offset, for a calendar that shows community time as is. */
export function floatingTime(scheduledLocal: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?)/.exec(scheduledLocal)
  return match ? match[1] : scheduledLocal
}

/** Adds minutes to a floating `YYYY-MM-DDTHH:mm[:ss]` time, staying floating. */
export function addMinutes(floating: string, minutes: number): string {
  const base = new Date(`${floating.length === 16 ? `${floating}:00` : floating}Z`)
  if (Number.isNaN(base.getTime())) return floating
  return new Date(base.getTime() + minutes * 60_000).toISOString().slice(0, 19)
}

/** An optional text field as the core wants it: `null` when blank (the core trims the rest). */
export function orNull(value: string | null | undefined): string | null {
  return value && value.trim() ? value : null
}

export { wallClockNow } from '../../utils/zoned'
