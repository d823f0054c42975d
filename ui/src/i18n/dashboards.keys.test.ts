import { describe, expect, it } from 'vitest'
import en from './dashboards.en'
import zhCN from './dashboards.zh-CN'
import { i18n } from '.'

type Tree = { [key: string]: string | Tree }

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
  )
}

describe('dashboards messages', () => {
  it('have the same keys in both languages', () => {
    expect(keys(zhCN as Tree).sort()).toEqual(keys(en as Tree).sort())
  })

  // vue-i18n compiles messages at run time: a stray '@', '|' or brace breaks the page.
  for (const locale of ['zh-CN', 'en'] as const) {
    it(`are registered and render in ${locale}`, () => {
      const args = { name: 'N', tz: 'Asia/Shanghai', count: 3, path: '/p' }
      for (const key of keys(en as Tree)) {
        const text = i18n.global.t(`dashboards.${key}`, args, { locale })
        expect(text, key).not.toBe(`dashboards.${key}`)
        expect(text, key).not.toMatch(/[{}]/)
      }
    })
  }
})
