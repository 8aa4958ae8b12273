// 访问保护卡片的中文文案（本地代理状态、“为什么被拦截”），与 proxy-en.ts 键名一致。
import type { Messages } from './en.ts';

export const proxyZhCN: Messages['proxy'] = {
  title: '访问保护',
  intro: '浏览器通过本机上的 Gatehouse 访问内部应用，只放行贵组织允许你访问的内容。',
  proxy: '本地代理',
  status: {
    running: '运行中：127.0.0.1:{{port}}',
    starting: '正在启动…',
    stopped: '已停止',
    failed: '未运行',
  },
  mode: '当前规则',
  modes: {
    entitlements: '你的应用',
    deny_all: '拦截所有内部应用（未登录）',
  },
  system: '浏览器设置',
  systemStatus: {
    applied: '已自动设置',
    off: '未修改',
    disabled_by_policy: '由贵组织 IT 管理',
    unsupported: '请手动将下方地址设为自动代理配置',
    failed: '无法修改',
  },
  pac: '代理自动配置（PAC）地址',
  denied: {
    title: '最近被拦截',
    intro: 'Gatehouse 在本机拒绝的请求（最新的在前）及原因。',
    empty: '没有被拦截的请求。',
    count_one: '{{count}} 个被拦截的目标',
    count_other: '{{count}} 个被拦截的目标',
    refresh: '刷新列表',
    destination: '目标',
    application: '应用',
    unnamedApp: '应用 {{id}}',
    noApplication: '不属于任何应用',
    policy: '策略',
    noPolicy: '无策略（默认拒绝）',
    reason: '原因',
    when: '时间',
    times_one: '{{time}}',
    times_other: '{{time}}（{{count}} 次）',
    via: {
      http: '网页（HTTP）',
      connect: '安全连接（HTTPS 等）',
    },
    closed: '访问权限撤销时，已关闭一个打开的连接。',
  },
};
