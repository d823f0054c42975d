import { describe, expect, it } from 'vitest'
import en from './reminders.en'
import zhCN from './reminders.zh-CN'
import { i18n } from '.'

type Tree = { [key: string]: string | Tree }

function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key
    return typeof value === 'string' ? [[path, value] as [string, string]] : leaves(value, path)
  })
}

const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('mail and reminder messages', () => {
  const english = new Map(leaves(en as Tree))
  const chinese = new Map(leaves(zhCN as Tree))

  it('exist in both languages with the same placeholders, translated', () => {
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort())
    for (const [key, text] of english) {
      expect(names(chinese.get(key)!), key).toEqual(names(text))
      expect(chinese.get(key), key).not.toBe(text)
    }
  })

  it('render under reminders. in both languages', () => {
    const args = { community: 'Alpha', to: 'a@example.org' }
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const key of english.keys()) {
        const text = i18n.global.t(`reminders.${key}`, args, { locale })
        expect(text, key).not.toBe(`reminders.${key}`)
        expect(text, key).not.toMatch(/[{}]/)
      }
    }
    expect(i18n.global.t('reminders.smtp.testSent', { to: 'ops@example.org' }, { locale: 'en' })).toBe(
      'Test mail sent to ops@example.org.',
    )
  })
})
