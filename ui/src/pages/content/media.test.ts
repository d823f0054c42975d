import { beforeEach, describe, expect, it } from 'vitest'
import { mediaUrl, withMediaUrls } from './media'

describe('media references in the preview', () => {
  beforeEach(() => {
    // What Tauri's runtime answers on Linux for a custom scheme.
    ;(window as unknown as { __TAURI_INTERNALS__: unknown }).__TAURI_INTERNALS__ = {
      convertFileSrc: (path: string, protocol: string) => `${protocol}://localhost/${encodeURIComponent(path)}`,
    }
  })

  it('points media/<file> images at the gecko-media scheme', () => {
    const html = withMediaUrls('<p>x</p><img src="media/0123abcd.png" alt="a">')
    expect(html).toContain('src="gecko-media://localhost/0123abcd.png"')
    expect(html).toContain('<p>x</p>')
  })

  it('leaves other images and text alone', () => {
    const html = '<p>see media/ folder</p><img src="https://example.org/a.png">'
    expect(withMediaUrls(html)).toContain('src="https://example.org/a.png"')
    expect(mediaUrl('https://example.org/a.png')).toBe('https://example.org/a.png')
  })
})
