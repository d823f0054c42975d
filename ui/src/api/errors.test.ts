import { describe, expect, it } from 'vitest'
import type { CoreError } from '../bindings'
import { call, CommandFailure, errorMessage, isFieldError } from './errors'

const lastAdmin: CoreError = {
  code: 'forbidden',
  message: 'A community needs at least one admin.',
  message_zh: '社区至少需要一名管理员。',
  field: null,
}

describe('errorMessage', () => {
  it('shows the Chinese message for zh-CN', () => {
    expect(errorMessage(lastAdmin, 'zh-CN')).toBe('社区至少需要一名管理员。')
  })

  it('shows the English message for en', () => {
    expect(errorMessage(lastAdmin, 'en')).toBe('A community needs at least one admin.')
  })

  it('falls back to the other language when one is missing', () => {
    expect(errorMessage({ ...lastAdmin, message_zh: '' }, 'zh-CN')).toBe(lastAdmin.message)
    expect(errorMessage({ ...lastAdmin, message: '' }, 'en')).toBe(lastAdmin.message_zh)
  })
})

describe('isFieldError', () => {
  it('is true only for validation errors that name a field', () => {
    expect(isFieldError({ ...lastAdmin, code: 'validation', field: 'slug' })).toBe(true)
    expect(isFieldError({ ...lastAdmin, code: 'validation', field: null })).toBe(false)
    expect(isFieldError({ ...lastAdmin, code: 'conflict', field: 'slug' })).toBe(false)
  })
})

describe('call', () => {
  it('returns the data of an ok result', async () => {
    await expect(call(Promise.resolve({ status: 'ok' as const, data: 42 }))).resolves.toBe(42)
  })

  it('throws a CommandFailure carrying the CoreError', async () => {
    const failure = await call(Promise.resolve({ status: 'error' as const, error: lastAdmin })).catch(
      (e: unknown) => e,
    )
    expect(failure).toBeInstanceOf(CommandFailure)
    expect((failure as CommandFailure).error).toEqual(lastAdmin)
  })

  it('turns a rejected call into a CommandFailure without a CoreError', async () => {
    const failure = await call(Promise.reject(new Error('no runtime'))).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(CommandFailure)
    expect((failure as CommandFailure).error).toBeNull()
  })
})
