// Routes (hash history, so the built files work from Tauri's custom protocol) and the guard
// that keeps each person on the screens the start-up state and their role allow.
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import { useSessionStore } from '../stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (sign-in, setup, database screens). */
    public?: boolean
    /** Reachable whenever the sign-in screen is (forgot password). */
    besideLogin?: boolean
    superuserOnly?: boolean
    /** Community admins and superusers. */
    adminOnly?: boolean
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/setup', name: 'setup', component: () => import('../pages/setup/SetupPage.vue'), meta: { public: true } },
  { path: '/login', name: 'login', component: () => import('../pages/login/LoginPage.vue'), meta: { public: true } },
  {
    path: '/forgot-password',
    name: 'forgot-password',
    component: () => import('../pages/forgot-password/ForgotPasswordPage.vue'),
    meta: { public: true, besideLogin: true },
  },
  {
    path: '/database-error',
    name: 'database-error',
    component: () => import('../pages/database/DatabaseErrorPage.vue'),
    meta: { public: true },
  },
  {
    path: '/database',
    name: 'database',
    component: () => import('../pages/database/DatabasePage.vue'),
    meta: { public: true },
  },
  {
    path: '/',
    component: () => import('../layouts/main/MainLayout.vue'),
    children: [
      { path: '', redirect: { name: 'overview' } },
      { path: 'overview', name: 'overview', component: () => import('../pages/overview/OverviewPage.vue') },
      {
        path: 'communities',
        name: 'communities',
        component: () => import('../pages/communities/CommunitiesPage.vue'),
        meta: { superuserOnly: true },
      },
      { path: 'my-work', name: 'my-work', component: () => import('../pages/my-work/MyWorkPage.vue') },
      { path: 'analytics', name: 'analytics', component: () => import('../pages/analytics/AnalyticsPage.vue') },
      {
        path: 'workload',
        name: 'workload',
        component: () => import('../pages/workload/WorkloadPage.vue'),
        meta: { superuserOnly: true },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('../pages/audit/AuditLogPage.vue'),
        meta: { adminOnly: true },
      },
      { path: 'members', name: 'members', component: () => import('../pages/members/MembersPage.vue') },
      { path: 'governance', name: 'governance', component: () => import('../pages/governance/GovernancePage.vue') },
      {
        path: 'governance/committees/:id',
        name: 'committee',
        component: () => import('../pages/governance/CommitteePage.vue'),
        props: true,
      },
      {
        path: 'governance/meetings/:id',
        name: 'meeting',
        component: () => import('../pages/governance/MeetingPage.vue'),
        props: true,
      },
      {
        path: 'governance/calendar',
        name: 'meeting-calendar',
        component: () => import('../pages/governance/MeetingCalendarPage.vue'),
      },
      {
        path: 'users',
        name: 'users',
        component: () => import('../pages/users/UsersPage.vue'),
        meta: { superuserOnly: true },
      },
      {
        path: 'backups',
        name: 'backups',
        component: () => import('../pages/backups/BackupsPage.vue'),
        meta: { superuserOnly: true },
      },
      { path: 'content', name: 'content', component: () => import('../pages/content/ContentListPage.vue') },
      { path: 'content/new', name: 'content-new', component: () => import('../pages/content/ContentEditorPage.vue') },
      {
        path: 'content/:id(\\d+)',
        name: 'content-edit',
        component: () => import('../pages/content/ContentEditorPage.vue'),
      },
      {
        path: 'calendar',
        name: 'content-calendar',
        component: () => import('../pages/content/ContentCalendarPage.vue'),
      },
      {
        path: 'publishing',
        name: 'publishing',
        component: () => import('../pages/publishing/PublishingPage.vue'),
      },
      {
        path: 'publish/:contentId(\\d+)',
        name: 'publish',
        component: () => import('../pages/publishing/PublishPage.vue'),
        props: (route) => ({ contentId: Number(route.params.contentId) }),
      },
      { path: 'channels', name: 'channels', component: () => import('../pages/channels/ChannelsPage.vue') },
      { path: 'settings', name: 'settings', component: () => import('../pages/settings/SettingsPage.vue') },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHashHistory(), routes })

router.beforeEach(async (to) => {
  const store = useSessionStore()
  if (!store.booted) await store.boot()

  // The database screen is always reachable: it is how a broken or new setup is fixed.
  if (to.name === 'database') return true

  if (store.startPage !== 'home') {
    if (to.meta.besideLogin && store.startRoute === 'login') return true
    return to.name === store.startRoute ? true : { name: store.startRoute }
  }
  if (to.meta.public) return { name: 'overview' }
  if (to.meta.superuserOnly && !store.isSuperuser) return { name: 'overview' }
  if (to.meta.adminOnly && !store.canManageCommunity && !store.isSuperuser) return { name: 'overview' }
  return true
})
