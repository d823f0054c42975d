import { describe, expect, it } from 'vitest'
import en from './safety.en'
import zhCN from './safety.zh-CN'
import { i18n } from '.'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of flatten(value, path)) out.set(k, v)
  }
  return out
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('safety messages', () => {
  const zh = flatten(zhCN as Tree)
  const english = flatten(en as Tree)

  it('have the same keys and placeholders in both languages, translated', () => {
    expect([...zh.keys()].sort()).toEqual([...english.keys()].sort())
    for (const [key, text] of english) {
      expect(placeholders(zh.get(key)!), key).toEqual(placeholders(text))
      expect(zh.get(key), key).not.toBe(text)
    }
  })

  it('are registered under safety. and render in both languages', () => {
    const args = { name: 'n', size: '1 KB', path: '/p', when: 'w', error: 'e', rows: 3, example: '/x' }
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const key of english.keys()) {
        const text = i18n.global.t(`safety.${key}`, args, { locale })
        expect(text, key).not.toBe(`safety.${key}`)
        expect(text, key).not.toMatch(/[{}]/)
      }
    }
    expect(i18n.global.t('safety.auto.lastFailed', { when: 'today', error: 'Disk full.' }, { locale: 'en' })).toBe(
      'The last backup failed (today): Disk full.',
    )
  })
})
