import { describe, expect, it } from 'vitest'
import en from './publishing.en'
import zhCN from './publishing.zh-CN'
import { i18n } from '.'

type Tree = { [key: string]: string | Tree }

function keys(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of keys(value, path)) out.set(k, v)
  }
  return out
}

describe('publishing messages', () => {
  const english = keys(en as Tree)
  const zh = keys(zhCN as Tree)

  it('have the same keys and placeholders in both languages', () => {
    expect([...zh.keys()].sort()).toEqual([...english.keys()].sort())
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const [key, text] of english) expect(ph(zh.get(key)!), key).toEqual(ph(text))
  })

  it('render in both languages without a stray brace or an untranslated key', () => {
    const args = { name: 'N', channel: 'C', place: 'P' }
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const key of english.keys()) {
        const text = i18n.global.t(`publishing.${key}`, args, { locale })
        expect(text, key).not.toBe(`publishing.${key}`)
        expect(text, key).not.toMatch(/[{}]/)
      }
    }
  })
})
