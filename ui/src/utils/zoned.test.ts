import { describe, expect, it } from 'vitest'
import { fromZonedInput, toZonedInput, zonedDay } from './zoned'

describe('community time zone', () => {
  it('reads a Shanghai wall time as the UTC instant eight hours earlier', () => {
    expect(fromZonedInput('2030-01-02T09:30', 'Asia/Shanghai')).toBe('2030-01-02T01:30:00.000Z')
    expect(toZonedInput('2030-01-02T01:30:00Z', 'Asia/Shanghai')).toBe('2030-01-02T09:30')
  })

  it('follows daylight saving time in New York', () => {
    expect(fromZonedInput('2030-07-01T09:00', 'America/New_York')).toBe('2030-07-01T13:00:00.000Z')
    expect(fromZonedInput('2030-01-01T09:00', 'America/New_York')).toBe('2030-01-01T14:00:00.000Z')
  })

  it('puts a late UTC evening on the next Shanghai day', () => {
    expect(zonedDay('2030-01-02T20:00:00Z', 'Asia/Shanghai')).toBe('2030-01-03')
  })
})
