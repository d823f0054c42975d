// Time zones offered when a community is created or edited: the common ones first, then every
// other zone the webview knows (the core checks the name against the IANA database).
export const DEFAULT_TIMEZONE = 'Asia/Shanghai'

export const COMMON_TIMEZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Asia/Kolkata',
  'Asia/Dubai',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'Europe/Amsterdam',
  'Europe/Moscow',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Australia/Sydney',
  'Pacific/Auckland',
  'UTC',
]

export function timezoneOptions(current?: string): string[] {
  const all = new Set(COMMON_TIMEZONES)
  if (current) all.add(current)
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] }
  for (const zone of intl.supportedValuesOf?.('timeZone') ?? []) all.add(zone)
  return [...all]
}
