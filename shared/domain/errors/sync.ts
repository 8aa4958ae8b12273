// Errors and hold reasons of directory sync and of the Feishu/Lark Open Platform behind it.
// Hold reasons (SYNC_HELD_*) are not HTTP answers of their own: a held run lists them, with the
// same code, message and fix, so the console explains why nothing was applied.
import { defineErrors } from './define.ts';

export const syncErrors = defineErrors({
  SYNC_ALREADY_RUNNING: {
    status: 409,
    message: {
      en: 'A sync of this identity source is already running.',
      'zh-CN': '该身份源正在同步中。',
    },
    fix: {
      en: 'Wait for it to finish; its progress is in the list of runs.',
      'zh-CN': '请等待其完成，可在同步记录中查看进度。',
    },
  },
  SYNC_CONNECTIVITY_NOT_PASSED: {
    status: 409,
    message: {
      en: 'This identity source has not passed a connectivity test with its current credentials.',
      'zh-CN': '该身份源尚未使用当前凭证通过连通性测试。',
    },
    fix: {
      en: 'Run the connectivity test and fix what it reports, then sync.',
      'zh-CN': '请先运行连通性测试并按提示修复，然后再同步。',
    },
  },
  SYNC_SOURCE_CLOSED: {
    status: 409,
    message: { en: 'A closed identity source does not sync.', 'zh-CN': '已关闭的身份源不会同步。' },
    fix: { en: 'Enable the identity source first.', 'zh-CN': '请先启用该身份源。' },
  },
  SYNC_RUN_NOT_FOUND: {
    status: 404,
    message: { en: 'No such sync run.', 'zh-CN': '同步记录不存在。' },
  },
  SYNC_RUN_NOT_BLOCKED: {
    status: 409,
    message: {
      en: 'Only a held (blocked) run can be approved or discarded; this one is {status}.',
      'zh-CN': '只有被拦截的同步才能批准或放弃；该同步的状态为 {status}。',
    },
  },
  SYNC_RUN_NOT_APPROVABLE: {
    status: 409,
    message: {
      en: 'This run was held because Feishu could not be read completely; there is nothing to approve.',
      'zh-CN': '该同步因无法完整读取飞书通讯录而被拦截，没有可批准的变更。',
    },
    fix: {
      en: 'Fix the cause shown in the run, then sync again, or discard the run.',
      'zh-CN': '请按同步记录中的提示修复后重新同步，或放弃该同步。',
    },
  },
  SYNC_DIRECTORY_CHANGED: {
    status: 409,
    message: {
      en: 'The directory changed while the change was being prepared.',
      'zh-CN': '准备变更期间通讯录已发生变化。',
    },
    fix: { en: 'Run the sync again.', 'zh-CN': '请重新同步。' },
  },
  SYNC_INTERRUPTED: {
    status: 409,
    message: {
      en: 'The sync was interrupted (the service stopped or lost its database); nothing was applied.',
      'zh-CN': '同步被中断（服务停止或与数据库断开），未应用任何变更。',
    },
    fix: { en: 'Run the sync again.', 'zh-CN': '请重新同步。' },
  },
  SYNC_FAILED: {
    status: 409,
    message: {
      en: 'The sync failed: {reason}. Nothing was applied.',
      'zh-CN': '同步失败：{reason}。未应用任何变更。',
    },
  },
  SYNC_HELD_USER_THRESHOLD: {
    status: 409,
    message: {
      en: 'This sync would remove {count} users; the threshold allows {limit}. Nothing was applied.',
      'zh-CN': '本次同步将移除 {count} 个用户，超过阈值允许的 {limit} 个，未应用任何变更。',
    },
    fix: {
      en: 'Review the pending changes, then approve or discard the run.',
      'zh-CN': '请检查待生效的变更，然后批准或放弃本次同步。',
    },
  },
  SYNC_HELD_DEPARTMENT_THRESHOLD: {
    status: 409,
    message: {
      en: 'This sync would remove {count} departments; the threshold allows {limit}. Nothing was applied.',
      'zh-CN': '本次同步将删除 {count} 个部门，超过阈值允许的 {limit} 个，未应用任何变更。',
    },
    fix: {
      en: 'Review the pending changes, then approve or discard the run.',
      'zh-CN': '请检查待生效的变更，然后批准或放弃本次同步。',
    },
  },
  SYNC_HELD_EMPTY_ORG: {
    status: 409,
    message: {
      en: 'Feishu returned no users at all, while the directory has {count}. Nothing was applied.',
      'zh-CN': '飞书未返回任何用户，而通讯录中现有 {count} 个用户，未应用任何变更。',
    },
    fix: {
      en: "Check the app's contact range in the Feishu admin console; approve only if the organization really is empty.",
      'zh-CN': '请在飞书管理后台检查应用的通讯录权限范围；仅当组织确实为空时才批准。',
    },
  },
  SYNC_HELD_SCOPE_NARROWED: {
    status: 409,
    message: {
      en: 'The sync scope setting changed since the last sync and would remove {count} users. Nothing was applied.',
      'zh-CN': '自上次同步以来同步范围设置已变更，将移除 {count} 个用户，未应用任何变更。',
    },
    fix: {
      en: 'Review the pending changes, then approve or discard the run.',
      'zh-CN': '请检查待生效的变更，然后批准或放弃本次同步。',
    },
  },
  SYNC_HELD_SCOPES_REVOKED: {
    status: 409,
    message: {
      en: 'The app lacks permissions the sync needs: {scopes}. Nothing was applied.',
      'zh-CN': '应用缺少同步所需的权限：{scopes}，未应用任何变更。',
    },
    fix: {
      en: 'In the Feishu developer console, add them under "Permissions & Scopes", then create a version and have an admin approve it.',
      'zh-CN': '请在飞书开发者后台的“权限管理”中开通这些权限，然后创建版本并由管理员审核发布。',
    },
  },
  FEISHU_CREDENTIALS_INVALID: {
    status: 422,
    message: {
      en: 'Feishu refused the App ID or App Secret (code {feishuCode}).',
      'zh-CN': '飞书拒绝了该 App ID 或 App Secret（错误码 {feishuCode}）。',
    },
    fix: {
      en: 'Copy the App ID and App Secret again from "Credentials & Basic Info" in the developer console.',
      'zh-CN': '请从开发者后台“凭证与基础信息”页重新复制 App ID 和 App Secret。',
    },
  },
  FEISHU_BRAND_MISMATCH: {
    status: 422,
    message: {
      en: 'These credentials belong to a {actual} app, but the source is set to {configured}.',
      'zh-CN': '该凭证属于{actual}应用，而身份源设置的是{configured}。',
    },
    fix: {
      en: 'Change the brand of the identity source to {actual}.',
      'zh-CN': '请将身份源的品牌改为{actual}。',
    },
  },
  FEISHU_CONTACT_RANGE_DENIED: {
    status: 422,
    message: {
      en: 'The app may not read part of the directory it was asked for (code {feishuCode}).',
      'zh-CN': '应用无权读取所请求的部分通讯录（错误码 {feishuCode}）。',
    },
    fix: {
      en: 'In the Feishu admin console, widen the app\'s contact range ("通讯录权限范围") to cover the synced departments, or narrow the source\'s sync scope.',
      'zh-CN': '请在飞书管理后台扩大应用的通讯录权限范围以覆盖同步的部门，或缩小身份源的同步范围。',
    },
  },
  FEISHU_SCOPE_MISSING: {
    status: 422,
    message: {
      en: 'The app lacks a permission this call needs: {scopes}.',
      'zh-CN': '应用缺少该调用所需的权限：{scopes}。',
    },
    fix: {
      en: 'Add it under "Permissions & Scopes" in the developer console, then publish a version and have an admin approve it.',
      'zh-CN': '请在开发者后台“权限管理”中开通该权限，然后发布版本并由管理员审核。',
    },
  },
  FEISHU_APP_UNAVAILABLE: {
    status: 422,
    message: {
      en: 'The app is disabled or not installed in the tenant (code {feishuCode}).',
      'zh-CN': '应用已停用或未安装到企业（错误码 {feishuCode}）。',
    },
    fix: {
      en: 'Enable the app and publish a version in the Feishu admin console.',
      'zh-CN': '请在飞书管理后台启用该应用并发布版本。',
    },
  },
  FEISHU_UNAVAILABLE: {
    status: 502,
    message: {
      en: 'Feishu could not be reached or kept failing: {reason}.',
      'zh-CN': '无法连接飞书或飞书持续返回错误：{reason}。',
    },
    fix: {
      en: 'Check the network path to the Feishu/Lark Open Platform and try again later.',
      'zh-CN': '请检查到飞书开放平台的网络连接，稍后重试。',
    },
  },
  FEISHU_API_ERROR: {
    status: 502,
    message: {
      en: 'Feishu answered with error {feishuCode}: {feishuMessage}.',
      'zh-CN': '飞书返回错误 {feishuCode}：{feishuMessage}。',
    },
  },
  FEISHU_BAD_RESPONSE: {
    status: 502,
    message: {
      en: 'Feishu answered in an unexpected shape ({endpoint}).',
      'zh-CN': '飞书返回的数据格式不符合预期（{endpoint}）。',
    },
  },
});
