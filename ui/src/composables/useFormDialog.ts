// A create-or-edit dialog, written once. The page holds which record the dialog is for
// (`useDialogTarget`); the dialog (`useFormDialog`) refills its form each time it opens, sends
// it through one command, puts a validation error from the core under the field it names and
// toasts anything else. The form is refilled on open rather than on a prop change, so a dialog
// reopened for the same record starts again from the stored values.
import { reactive, ref, watch, type Ref } from 'vue'
import { toastFailure, toastSuccess } from '../api/messages'
import { useFormErrors } from './useFormErrors'

/** The page's side: whether the dialog is open and the record it edits (null: a new one). */
export function useDialogTarget<T>() {
  const open = ref(false)
  const target = ref<T | null>(null) as Ref<T | null>

  function openFor(record: T | null): void {
    target.value = record
    open.value = true
  }

  return { open, target, openFor, openNew: () => openFor(null) }
}

/**
 * A form's values from the record being edited: each field the record lacks or holds as null
 * takes the value it has in `blank`, which is also the form for a new record.
 */
export function fillFrom<Form extends object>(
  record: { [K in keyof Form]?: Form[K] | null } | null,
  blank: Form,
): Form {
  const form = { ...blank }
  for (const key of Object.keys(blank) as (keyof Form)[]) {
    form[key] = record?.[key] ?? blank[key]
  }
  return form
}

export interface FormDialogOptions<Form extends object, Saved> {
  /** The dialog's v-model. */
  open: Ref<boolean>
  /** The fields whose validation errors show under their own form item. */
  fields: readonly string[]
  /** The form's values each time the dialog opens: the record's, or those of a new one. */
  initial: () => Form
  /** A check the UI makes itself before calling the core; false stops the save. */
  check?: (form: Form, errors: ReturnType<typeof useFormErrors>) => boolean
  /** Calls the create or update command. */
  submit: (form: Form) => Promise<Saved>
  /** The success toast's text. */
  successMessage: (saved: Saved) => string
  /** Runs once the dialog has closed after a save. */
  onSaved?: (saved: Saved) => void
}

export function useFormDialog<Form extends object, Saved>(options: FormDialogOptions<Form, Saved>) {
  const errors = useFormErrors(options.fields)
  const saving = ref(false)
  const form = reactive(options.initial()) as Form

  watch(options.open, (isOpen) => {
    if (!isOpen) return
    errors.clear()
    Object.assign(form, options.initial())
  })

  async function save(): Promise<void> {
    errors.clear()
    if (options.check && !options.check(form, errors)) return
    saving.value = true
    try {
      const saved = await options.submit(form)
      toastSuccess(options.successMessage(saved))
      options.open.value = false
      options.onSaved?.(saved)
    } catch (failure) {
      if (!errors.accept(failure)) toastFailure(failure)
    } finally {
      saving.value = false
    }
  }

  return { form, errors, saving, save }
}
