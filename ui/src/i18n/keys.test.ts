import { describe, expect, it } from 'vitest'
import { flatten, placeholders, type Tree } from './tree'
import { i18n, normalizeLocale, otherLocale } from '.'

// Every registered message, including the feature files merged in index.ts.
const registered = (locale: string) => i18n.global.getLocaleMessage(locale) as Tree

describe('locale files', () => {
  const zh = flatten(registered('zh-CN'))
  const english = flatten(registered('en'))

  it('have exactly the same keys', () => {
    expect([...zh.keys()].sort()).toEqual([...english.keys()].sort())
    expect(zh.size).toBeGreaterThan(100)
  })

  it('have no empty strings', () => {
    for (const [key, text] of [...zh, ...english]) expect(text.trim(), key).not.toBe('')
  })

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of english) {
      expect(placeholders(zh.get(key)!), key).toEqual(placeholders(text))
    }
  })

  it('are really translated (the Chinese file is not a copy of the English one)', () => {
    const same = [...english].filter(([key, text]) => zh.get(key) === text).map(([k]) => k)
    // Only names read the same: the languages, the app, the platforms and their own field
    // names (AppID, AppSecret, Cookie), and an example path.
    const names = new Set([
      'app.name',
      'publishing.channels.appId',
      'publishing.channels.appSecret',
      'publishing.channels.cookie',
      'dashboards.audit.exportPathHint',
    ])
    const platform = /\.(channelNames|channels)\.(wechat|hugo|csdn|zhihu)$/
    expect(same.filter((k) => !k.startsWith('languages.') && !names.has(k) && !platform.test(k))).toEqual([])
  })
})

describe('every message', () => {
  // vue-i18n compiles messages at run time: a stray '@', '|' or brace breaks the page that
  // shows it, so each one is rendered here in both languages.
  const keys = [...flatten(registered('en')).keys()]
  const args = { name: 'N', slug: 's', username: 'u', community: 'C', role: 'R', path: '/p', version: '1', url: 'x', size: '1 KB', when: 'w', error: 'e', rows: 3, example: '/x' }

  for (const locale of ['zh-CN', 'en'] as const) {
    it(`renders in ${locale}`, () => {
      for (const key of keys) {
        const text = i18n.global.t(key, args, { locale })
        expect(text, key).not.toBe(key)
        expect(text, key).not.toMatch(/[{}]/)
      }
    })
  }

  it('keeps the @ of the PostgreSQL URL example', () => {
    expect(i18n.global.t('settings.urlPlaceholder', {}, { locale: 'en' })).toBe(
      'postgres://user:password@host:5432/database',
    )
  })
})

describe('locale helpers', () => {
  it('default to Chinese and understand stored names', () => {
    expect(i18n.global.locale.value).toBe('zh-CN')
    expect(normalizeLocale(undefined)).toBe('zh-CN')
    expect(normalizeLocale('en-US')).toBe('en')
    expect(normalizeLocale('zh')).toBe('zh-CN')
    expect(otherLocale('zh-CN')).toBe('en')
    expect(otherLocale('en')).toBe('zh-CN')
  })

  it('resolve keys containing a hyphen', () => {
    expect(i18n.global.t('languages.zh-CN')).toBe('中文')
  })
})
