// The audit log reads as words: known actions and resource types by name (unknown ones keep
// their id), details as "key: old → new" lines, with the raw JSON kept for a tooltip.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import { i18n } from '../../i18n'
import { detailLines } from './details'

const invoke = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }))

const { default: AuditLogPage } = await import('./AuditLogPage.vue')

const entry = (id: number, action: string, resource_type: string, details: string) => ({
  id,
  created_at: '2026-03-01T09:00:00Z',
  username: 'root',
  community_name: 'C',
  action,
  resource_type,
  resource_id: 3,
  details,
})

beforeEach(() => {
  document.body.innerHTML = ''
  invoke.mockReset()
  i18n.global.locale.value = 'zh-CN'
})

describe('audit details', () => {
  it('turns old/new pairs and flat values into lines, and keeps anything else as it is', () => {
    expect(detailLines('{"status":["draft","published"],"name":"Ops","note":null}')).toEqual([
      { key: 'status', text: 'draft → published' },
      { key: 'name', text: 'Ops' },
      { key: 'note', text: '—' },
    ])
    expect(detailLines('{"assignees":[[1],[1,2]],"imported":4}')).toEqual([
      { key: 'assignees', text: '[1] → [1,2]' },
      { key: 'imported', text: '4' },
    ])
    expect(detailLines('{}')).toEqual([])
    expect(detailLines('not json')).toEqual([{ key: '', text: 'not json' }])
  })
})

describe('audit log page', () => {
  it('names known actions and resource types and falls back to the id', async () => {
    invoke.mockImplementation(async (command: string) => {
      if (command === 'list_audit_log') {
        return {
          entries: [
            entry(1, 'create_meeting', 'meeting', '{"title":"Weekly"}'),
            entry(2, 'brand_new_action', 'brand_new_thing', '{"status":["a","b"]}'),
          ],
          next: null,
        }
      }
      throw new Error(`unexpected command ${command}`)
    })
    setActivePinia(createPinia())
    mount(AuditLogPage, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
    await flushPromises()

    const actions = [...document.querySelectorAll('[data-testid="audit-row-action"]')].map((e) => e.textContent?.trim())
    expect(actions).toEqual(['创建会议', 'brand_new_action'])
    const resources = [...document.querySelectorAll('[data-testid="audit-row-resource"]')].map((e) => e.textContent?.trim())
    expect(resources).toEqual(['会议 #3', 'brand_new_thing #3'])
    const details = [...document.querySelectorAll('[data-testid="audit-row-details"]')].map((e) => e.textContent?.replace(/\s+/g, ' ').trim())
    expect(details).toEqual(['title: Weekly', 'status: a → b'])
  })
})
