import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Element Plus's variables first, so the brand colours in theme.css override them; components
// bring their own styles when used (see vite.config.ts). The message boxes are called from code.
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import './styles/theme.css'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'

createApp(App).use(createPinia()).use(i18n).use(router).mount('#app')
