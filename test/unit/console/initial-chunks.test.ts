// The bundle-size bench counts what the first visit loads: the entry and its static imports,
// not the lazily loaded pages.
import { describe, expect, it } from 'vitest';
import { initialChunkFiles } from '../../../bench/console-bundle-size.bench.ts';

describe('initialChunkFiles', () => {
  it('follows static imports from the entry and leaves dynamic ones out', () => {
    const files = initialChunkFiles({
      'index.html': {
        file: 'assets/index-a.js',
        isEntry: true,
        imports: ['_antd'],
        dynamicImports: ['pages/T.tsx'],
      },
      _antd: { file: 'assets/antd-b.js', imports: ['_react'] },
      _react: { file: 'assets/react-c.js', imports: ['_antd'] },
      'pages/T.tsx': { file: 'assets/T-d.js', imports: ['_antd', '_zod'] },
      _zod: { file: 'assets/zod-e.js' },
      'style.css': { file: 'assets/index-f.css' },
    });
    expect(files.sort()).toEqual(['assets/antd-b.js', 'assets/index-a.js', 'assets/react-c.js']);
  });
});
