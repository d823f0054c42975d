// The team key on a shared database: shown once to the client that created it; asked of
// every other client, with the core's "wrong key" message under the field.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '../i18n'

const invoke = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }))

const { default: SecretKeyGate } = await import('./SecretKeyGate.vue')

const byId = (id: string) => document.querySelector(`[data-testid="${id}"]`)

function gate() {
  return mount(SecretKeyGate, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
}

beforeEach(() => {
  document.body.innerHTML = ''
  invoke.mockReset()
  i18n.global.locale.value = 'zh-CN'
})

describe('SecretKeyGate', () => {
  it('shows a newly created team key once, and nothing for a local database', async () => {
    invoke.mockResolvedValueOnce({ state: 'created', team_key: 'k3y-for-the-team=' })
    const wrapper = gate()
    await flushPromises()
    expect(invoke).toHaveBeenCalledWith('unlock_secrets')
    expect((byId('team-key-shown') as HTMLInputElement).value).toBe('k3y-for-the-team=')
    wrapper.unmount()

    document.body.innerHTML = ''
    invoke.mockResolvedValueOnce({ state: 'created', team_key: null })
    const local = gate()
    await flushPromises()
    expect(byId('team-key-shown')).toBeNull()
    expect(byId('team-key-input')).toBeNull()
    local.unmount()
  })

  it('asks for the team key and shows the wrong-key message under the field', async () => {
    invoke.mockResolvedValueOnce({ state: 'team_key_required' })
    const wrapper = gate()
    await flushPromises()
    const input = byId('team-key-input') as HTMLInputElement
    expect(input.tagName).toBe('INPUT')

    invoke.mockRejectedValueOnce({
      code: 'validation',
      message: 'This key does not match the team key.',
      message_zh: '该密钥与团队密钥不一致。',
      field: 'team_key',
    })
    input.value = 'wrong'
    input.dispatchEvent(new Event('input'))
    ;(byId('team-key-submit') as HTMLElement).click()
    await flushPromises()
    expect(invoke).toHaveBeenLastCalledWith('set_team_key', { teamKey: 'wrong' })
    expect(input.closest('.el-form-item')?.classList.contains('is-error')).toBe(true)
    const item = wrapper.findAllComponents({ name: 'ElFormItem' }).find((c) => c.element === input.closest('.el-form-item'))
    expect(item?.props('error')).toContain('该密钥与团队密钥不一致')

    wrapper.unmount()
  })
})
