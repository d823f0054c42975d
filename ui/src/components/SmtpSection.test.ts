// The mail server form never shows a password: a saved one is a "saved" tag and an empty
// field, saving the field empty sends no password (the core keeps the stored one), and a typed
// one is sent once and cleared from the page.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '../i18n'

const invoke = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }))

const { default: SmtpSection } = await import('./SmtpSection.vue')

const byId = (id: string) => document.querySelector(`[data-testid="${id}"]`)
const input = (id: string) => {
  const el = byId(id)
  return (el?.tagName === 'INPUT' ? el : el?.querySelector('input')) as HTMLInputElement
}

/** The form item around the input `id` is in error with `message`. */
function expectFieldError(wrapper: VueWrapper, id: string, message: string) {
  const item = input(id).closest('.el-form-item')
  expect(item?.classList.contains('is-error'), id).toBe(true)
  const component = wrapper.findAllComponents({ name: 'ElFormItem' }).find((c) => c.element === item)
  expect(component?.props('error')).toBe(message)
}

const VIEW = {
  community_id: 7,
  host: 'smtp.example.org',
  port: 587,
  tls_mode: 'starttls',
  username: 'mailer',
  password_set: true,
  from_address: 'gecko@example.org',
  updated_at: '2026-03-01T09:00:00Z',
}

beforeEach(() => {
  document.body.innerHTML = ''
  invoke.mockReset()
  i18n.global.locale.value = 'zh-CN'
})

describe('SmtpSection', () => {
  it('shows a saved password as saved, and saving it empty keeps it', async () => {
    invoke.mockResolvedValueOnce(VIEW)
    const wrapper = mount(SmtpSection, {
      props: { scope: 'community', communityId: 7 },
      global: { plugins: [i18n, ElementPlus] },
      attachTo: document.body,
    })
    await flushPromises()
    expect(invoke).toHaveBeenCalledWith('get_community_smtp_settings')
    expect(input('smtp-community-host').value).toBe('smtp.example.org')
    expect(input('smtp-community-password').value).toBe('')
    expect(input('smtp-community-password').placeholder).toBe('留空则保持不变')
    expect(byId('smtp-community-password-saved')?.textContent).toContain('已保存')

    invoke.mockResolvedValueOnce(VIEW)
    ;(byId('smtp-community-save') as HTMLElement).click()
    await flushPromises()
    expect(invoke).toHaveBeenLastCalledWith('save_community_smtp_settings', {
      input: expect.objectContaining({ host: 'smtp.example.org', username: 'mailer', password: null }),
    })

    // A typed password goes to the core once and leaves the page.
    const password = input('smtp-community-password')
    password.value = 'n3w-secret'
    password.dispatchEvent(new Event('input'))
    invoke.mockResolvedValueOnce(VIEW)
    ;(byId('smtp-community-save') as HTMLElement).click()
    await flushPromises()
    expect(invoke).toHaveBeenLastCalledWith('save_community_smtp_settings', {
      input: expect.objectContaining({ password: 'n3w-secret' }),
    })
    expect(input('smtp-community-password').value).toBe('')
    expect(document.body.innerHTML).not.toContain('n3w-secret')
    wrapper.unmount()
  })

  it('puts the core\'s password and username errors under their fields', async () => {
    invoke.mockResolvedValueOnce(null)
    const wrapper = mount(SmtpSection, {
      props: { scope: 'app' },
      global: { plugins: [i18n, ElementPlus] },
      attachTo: document.body,
    })
    await flushPromises()
    expect(byId('smtp-app-not-set')).not.toBeNull()
    expect(byId('smtp-app-password-saved')).toBeNull()
    // The core's field name decides where its message shows.
    const cases = [
      ['username', '请填写与密码对应的用户名。', 'smtp-app-username'],
      ['team_key', '本机尚未解锁机密信息。', 'smtp-app-password'],
      ['password', '密码不能超过 1024 个字符。', 'smtp-app-password'],
    ]
    for (const [field, zh, shownAt] of cases) {
      invoke.mockRejectedValueOnce({ code: 'validation', message: `${field} is wrong`, message_zh: zh, field })
      ;(byId('smtp-app-save') as HTMLElement).click()
      await flushPromises()
      expectFieldError(wrapper, shownAt, zh)
    }
    wrapper.unmount()
  })
})
