// The restore card: a refused file shows the core's message in the UI language and opens no
// confirmation; a checked backup shows what it holds, and only the confirm button restores.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { defineComponent, h } from 'vue'
import { i18n } from '../../i18n'

const invoke = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }))
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }))

const { default: RestoreCard } = await import('./RestoreCard.vue')
const { default: BackupNowCard } = await import('./BackupNowCard.vue')

const byId = (id: string) => document.querySelector(`[data-testid="${id}"]`)

function plugins() {
  const pinia = createPinia()
  setActivePinia(pinia)
  const page = defineComponent({ render: () => h('div') })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'overview', component: page },
      { path: '/login', name: 'login', component: page },
    ],
  })
  return [pinia, router, i18n, ElementPlus]
}

const overview = {
  folder: '/data/backups',
  status: { settings: { enabled: true, daily_time: '03:00', keep_days: 30 }, last_result: null },
  backups: [],
  can_undo_restore: false,
  backend: 'sqlite' as const,
}

const check = {
  manifest: {
    format: 'opengecko-backup',
    format_version: 1,
    app_version: '0.1.0',
    schema_version: 3,
    source_backend: 'sqlite',
    created_at: '2026-03-01T09:00:00Z',
    tables: { communities: 1, users: 1 },
    media_files: 0,
    database_bytes: 4096,
  },
  migrations_applied: 0,
}

async function typeInto(id: string, text: string) {
  const input = byId(id) as HTMLInputElement
  input.value = text
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

beforeEach(() => {
  document.body.innerHTML = ''
  invoke.mockReset()
  i18n.global.locale.value = 'zh-CN'
})

describe('restore card', () => {
  it('shows a refused file in the UI language and restores only after confirming', async () => {
    const wrapper = mount(RestoreCard, { props: { overview }, global: { plugins: plugins() }, attachTo: document.body })
    expect(byId('restore-path')?.tagName).toBe('INPUT')
    expect(byId('restore-path-choose')?.tagName).toBe('BUTTON')

    invoke.mockRejectedValueOnce({
      code: 'validation',
      message: 'This file is not a readable openGecko backup.',
      message_zh: '该文件不是可读取的 openGecko 备份。',
      field: 'archive',
    })
    await typeInto('restore-path', '/tmp/photos.tar.gz')
    ;(byId('restore-check') as HTMLElement).click()
    await flushPromises()
    expect(invoke).toHaveBeenCalledWith('check_backup', { path: '/tmp/photos.tar.gz' })
    expect(byId('restore-path-error')?.textContent).toContain('不是可读取的 openGecko 备份')
    expect(byId('restore-summary')).toBeNull()

    invoke.mockResolvedValueOnce(check)
    await typeInto('restore-path', '/tmp/good.tar.gz')
    ;(byId('restore-check') as HTMLElement).click()
    await flushPromises()
    expect(byId('restore-communities')?.textContent).toBe('1')
    expect(invoke).not.toHaveBeenCalledWith('restore_backup', expect.anything())

    invoke.mockResolvedValue({ check, previous_saved_as: 'before-restore-x' })
    ;(byId('restore-confirm') as HTMLElement).click()
    await flushPromises()
    expect(invoke).toHaveBeenCalledWith('restore_backup', { path: '/tmp/good.tar.gz' })
    wrapper.unmount()
  })

  it('offers no restore on a team server', () => {
    const wrapper = mount(RestoreCard, {
      props: { overview: { ...overview, backend: 'postgres' as const } },
      global: { plugins: plugins() },
      attachTo: document.body,
    })
    expect(byId('restore-check')).toBeNull()
    expect(document.body.textContent).toContain('团队服务器')
    wrapper.unmount()
  })
})

describe('back up now', () => {
  it('shows a bad file name next to the path field', async () => {
    const wrapper = mount(BackupNowCard, { global: { plugins: plugins() }, attachTo: document.body })
    invoke.mockRejectedValueOnce({
      code: 'validation',
      message: 'Name the backup file so it ends with .tar.gz.',
      message_zh: '备份文件名须以 .tar.gz 结尾。',
      field: 'dest',
    })
    await typeInto('backup-path', '/tmp/backup.zip')
    ;(byId('backup-now') as HTMLElement).click()
    await flushPromises()
    expect(invoke).toHaveBeenCalledWith('backup_now', { dest: '/tmp/backup.zip' })
    const item = (byId('backup-path') as HTMLElement).closest('.el-form-item')
    expect(item?.classList.contains('is-error')).toBe(true)
    const formItem = wrapper.findAllComponents({ name: 'ElFormItem' }).find((c) => c.element === item)
    expect(formItem?.props('error')).toContain('.tar.gz 结尾')
    wrapper.unmount()
  })
})
