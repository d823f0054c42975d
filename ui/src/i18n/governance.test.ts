// The governance strings live in their own files: the same checks as the main locale files.
import { describe, expect, it } from 'vitest'
import en from './governance.en'
import zhCN from './governance.zh-CN'
import { flatten, placeholders, type Tree } from './tree'
import { i18n } from '.'

describe('governance locale files', () => {
  const zh = flatten(zhCN as Tree)
  const english = flatten(en as Tree)

  it('have the same keys and placeholders, all translated', () => {
    expect([...zh.keys()].sort()).toEqual([...english.keys()].sort())
    for (const [key, text] of english) {
      expect(placeholders(zh.get(key)!), key).toEqual(placeholders(text))
      expect(zh.get(key), key).not.toBe(text)
    }
  })

  it('name every status, frequency, location and reminder word the core sends', () => {
    for (const s of ['scheduled', 'in_progress', 'completed', 'cancelled']) expect(english.has(`governance.status.${s}`)).toBe(true)
    for (const f of ['monthly', 'quarterly', 'yearly']) expect(english.has(`governance.frequency.${f}`)).toBe(true)
    for (const l of ['online', 'offline', 'hybrid']) expect(english.has(`governance.location.${l}`)).toBe(true)
    for (const r of ['preparation', 'one_week', 'three_days', 'one_day', 'two_hours']) {
      expect(english.has(`governance.reminders.${r}`)).toBe(true)
    }
  })

  const args = {
    name: 'N',
    path: '/p',
    count: 3,
    active: 1,
    total: 2,
    members: 4,
    meetings: 5,
    bad: 6,
    added: 7,
    duplicates: 8,
    noEmail: 9,
    zone: 'Asia/Shanghai',
  }
  for (const locale of ['zh-CN', 'en'] as const) {
    it(`every message renders in ${locale}, and the main files still do`, () => {
      for (const key of english.keys()) {
        const text = i18n.global.t(key, args, { locale })
        expect(text, key).not.toBe(key)
        expect(text, key).not.toMatch(/[{}]/)
      }
      expect(i18n.global.t('common.save', {}, { locale })).not.toBe('common.save')
    })
  }
})
