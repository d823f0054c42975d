import { describe, expect, it } from 'vitest'
import { wallClock } from './wallclock'

describe('wallClock', () => {
  it('shows an instant in the named zone', () => {
    // 16:30 UTC on 31 March is 00:30 on 1 April in Shanghai.
    expect(wallClock('2026-03-31T16:30:00Z', 'Asia/Shanghai')).toBe('2026-04-01T00:30:00')
    // Berlin is on summer time (UTC+2) after 29 March.
    expect(wallClock('2026-03-31T21:30:00Z', 'Europe/Berlin')).toBe('2026-03-31T23:30:00')
  })
})
