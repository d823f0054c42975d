// Dates as people read them: in the community's time zone (or the computer's), in the UI
// language. The core sends UTC instants as ISO 8601 strings.

export function formatDateTime(iso: string, locale: string, timeZone?: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  try {
    return new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
      timeZone,
    }).format(date)
  } catch {
    // An unknown zone name in old data: fall back to the computer's zone.
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date)
  }
}

const DAY = { year: 'numeric', month: '2-digit', day: '2-digit' } as const

/** Just the day, for lists where the time adds nothing (when a user was created). */
export function formatDate(iso: string, locale: string, timeZone?: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  try {
    return new Intl.DateTimeFormat(locale, { ...DAY, timeZone }).format(date)
  } catch {
    return new Intl.DateTimeFormat(locale, DAY).format(date)
  }
}
