// The fixed choices of a content (status, work status, source type) with their labels.
import type { ContentStatus, SourceType, WorkStatus } from '../../bindings'

export const STATUSES: ContentStatus[] = ['draft', 'reviewing', 'approved', 'published']
export const WORK_STATUSES: WorkStatus[] = ['planning', 'in_progress', 'completed']
export const SOURCE_TYPES: SourceType[] = ['contribution', 'release_note', 'event_summary']

export const STATUS_TAG: Record<ContentStatus, 'info' | 'warning' | 'success' | 'primary'> = {
  draft: 'info',
  reviewing: 'warning',
  approved: 'primary',
  published: 'success',
}

/** The extensions the importer reads, for the open dialog's filter. */
export const IMPORT_EXTENSIONS = ['md', 'markdown', 'docx']
export const COVER_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp']

/** Asks for one file with the native open dialog; `null` when cancelled. */
export async function chooseFile(name: string, extensions: string[]): Promise<string | null> {
  const { open } = await import('@tauri-apps/plugin-dialog')
  const picked = await open({ multiple: false, directory: false, filters: [{ name, extensions }] })
  return typeof picked === 'string' ? picked : null
}
