// How a command's error becomes words on screen. The core already writes every message in
// both languages; the UI only picks the one matching the current locale.
import type { CoreError } from '../bindings'

export type Locale = 'zh-CN' | 'en'

/** The error's message in the given UI language (Chinese for zh-CN, English otherwise). */
export function errorMessage(error: CoreError, locale: string): string {
  const zh = locale.toLowerCase().startsWith('zh')
  const text = zh ? error.message_zh : error.message
  return text || error.message || error.message_zh
}

/** True for an error that a form should show next to one of its fields. */
export function isFieldError(error: CoreError): error is CoreError & { field: string } {
  return error.code === 'validation' && typeof error.field === 'string' && error.field !== ''
}

/**
 * Unwraps what a generated command returns. A command that failed inside the core resolves
 * to `{status: "error"}`; a failure outside it (no Tauri runtime, a bug) rejects. Both end up
 * as a `CommandFailure` so callers handle one kind of exception.
 */
export class CommandFailure extends Error {
  constructor(
    readonly error: CoreError | null,
    readonly cause?: unknown,
  ) {
    super(error?.message ?? String(cause))
  }
}

export type CommandResult<T> = { status: 'ok'; data: T } | { status: 'error'; error: CoreError }

export async function call<T>(pending: Promise<CommandResult<T>>): Promise<T> {
  let result: CommandResult<T>
  try {
    result = await pending
  } catch (cause) {
    throw new CommandFailure(null, cause)
  }
  if (result.status === 'error') throw new CommandFailure(result.error)
  return result.data
}
