import { describe, expect, it } from 'vitest'
import { addMinutes, floatingTime, localWallTime, orNull, statusTagType, wallClockNow } from './labels'

describe('meeting times in the community zone', () => {
  it('shows the wall-clock time the core computed, whatever the computer zone', () => {
    expect(localWallTime('2026-03-10T14:00:00+08:00')).toBe('2026-03-10 14:00')
    expect(localWallTime('2026-11-01T01:30:00-07:00')).toBe('2026-11-01 01:30')
    expect(floatingTime('2026-03-10T23:30:00+08:00')).toBe('2026-03-10T23:30:00')
  })

  it('ends a meeting after its duration, across midnight', () => {
    expect(addMinutes('2026-03-10T23:30:00', 120)).toBe('2026-03-11T01:30:00')
    expect(addMinutes('2026-03-10T09:00', 90)).toBe('2026-03-10T10:30:00')
  })

  it('colours cancelled meetings grey and finished ones green', () => {
    expect(statusTagType('cancelled')).toBe('info')
    expect(statusTagType('completed')).toBe('success')
    expect(statusTagType('scheduled')).toBe('primary')
  })
})

describe('optional fields', () => {
  it('sends blank text as null and keeps real text as written', () => {
    expect(orNull('   ')).toBeNull()
    expect(orNull('')).toBeNull()
    expect(orNull(null)).toBeNull()
    expect(orNull('  # Agenda\n')).toBe('  # Agenda\n')
  })
})

describe('the community\'s now', () => {
  it('is the wall-clock time in the community zone, across the date line', () => {
    const instant = new Date('2026-12-03T16:30:00Z')
    expect(wallClockNow('Asia/Shanghai', instant)).toBe('2026-12-04T00:30:00')
    expect(wallClockNow('America/Los_Angeles', instant)).toBe('2026-12-03T08:30:00')
    expect(wallClockNow('Not/AZone', instant)).toBe('2026-12-03T16:30:00')
  })
})
