// Errors of the console's list endpoints: keyset cursors and paging limits.
import { defineErrors } from './define.ts';

export const consoleErrors = defineErrors({
  PAGE_CURSOR_INVALID: {
    status: 400,
    message: {
      en: 'The page cursor is not one this list handed out.',
      'zh-CN': '分页游标无效，不是该列表返回的游标。',
    },
    fix: {
      en: 'Start again from the first page and pass next_cursor exactly as it was returned.',
      'zh-CN': '请从第一页重新开始，并原样传回上一页返回的 next_cursor。',
    },
  },
  PAGE_TOO_DEEP: {
    status: 400,
    message: {
      en: 'Numbered pages go no deeper than {max} rows.',
      'zh-CN': '按页码分页最多只能翻到第 {max} 行。',
    },
    fix: {
      en: 'Narrow the list with search or filters, or page on with next_cursor.',
      'zh-CN': '请用搜索或筛选缩小范围，或使用 next_cursor 继续翻页。',
    },
  },
  PAGE_CURSOR_WITH_PAGE: {
    status: 400,
    message: {
      en: 'Pass either page or cursor, not both.',
      'zh-CN': 'page 与 cursor 只能二选一。',
    },
  },
});
