// How an audit entry reads: known actions and resource types by name (an unknown one keeps
// its id), and the details JSON as "key: old → new" lines. The core writes details as a flat
// object whose changed values are `[old, new]` pairs; anything else is shown as it is.

export type DetailLine = { key: string; text: string }

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}

export function detailLines(details: string): DetailLine[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(details)
  } catch {
    return details.trim() ? [{ key: '', text: details }] : []
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return [{ key: '', text: show(parsed) }]
  }
  return Object.entries(parsed as Record<string, unknown>).map(([key, value]) => ({
    key,
    text: Array.isArray(value) && value.length === 2 ? `${show(value[0])} → ${show(value[1])}` : show(value),
  }))
}

/** The message under `prefix.id`, or the id itself when no message names it. */
export function labelOr(te: (key: string) => boolean, t: (key: string) => string, prefix: string, id: string): string {
  const key = `${prefix}.${id}`
  return te(key) ? t(key) : id
}
