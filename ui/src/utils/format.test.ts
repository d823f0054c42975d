import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatSize } from './format'

describe('formatDateTime', () => {
  it("shows a UTC instant in the community's time zone", () => {
    // 14:56 UTC is 22:56 in Shanghai.
    expect(formatDateTime('2026-12-03T14:56:00Z', 'en', 'Asia/Shanghai')).toContain('22:56')
    expect(formatDateTime('2026-12-03T14:56:00Z', 'en', 'UTC')).toContain('14:56')
  })

  it('moves to the next day across midnight', () => {
    expect(formatDateTime('2026-12-03T20:00:00Z', 'zh-CN', 'Asia/Shanghai')).toContain('2026/12/04')
  })

  it('falls back instead of failing on an unknown zone or a bad date', () => {
    expect(formatDateTime('2026-12-03T14:56:00Z', 'en', 'Mars/Olympus')).toMatch(/2026/)
    expect(formatDateTime('not a date', 'en')).toBe('not a date')
    expect(formatDate('not a date', 'en')).toBe('not a date')
  })
})

describe('formatSize', () => {
  it('picks a unit people read', () => {
    expect(formatSize(532, 'en')).toBe('532 B')
    expect(formatSize(14_540, 'en')).toBe('14.2 KB')
    expect(formatSize(3 * 1024 * 1024, 'en')).toBe('3 MB')
    expect(formatSize(250 * 1024 * 1024, 'en')).toBe('250 MB')
  })
})
