import { describe, expect, it } from 'vitest'
import en from './dashboards.en'
import zhCN from './dashboards.zh-CN'

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
})
