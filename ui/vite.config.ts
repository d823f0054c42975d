import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { defineConfig } from 'vitest/config'

// The UI lives in ui/ while package.json sits at the repository root, so the root is set
// explicitly. `base: './'` lets the built files load from Tauri's custom protocol.
// Element Plus components (and their styles) are imported where a template uses them, not all at
// start: the web view then parses and keeps only what the pages need.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false })],
  server: { port: 5173, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  test: {
    environment: 'happy-dom',
    // Components import Element Plus's per-component styles (.css) from its package; Vite, not
    // Node, has to load those.
    server: { deps: { inline: ['element-plus'] } },
    include: ['src/**/*.test.ts'],
    // Mounting Element Plus dialogs in happy-dom is slow on a busy build machine.
    testTimeout: 20000,
  },
})
