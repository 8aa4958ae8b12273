// A small XML property-list reader for tests: what `plutil -convert json` gives on a Mac, for
// the plist types configuration profiles use (dict, array, string, integer, real, true, false).
export function parseXmlPlist(xml: string): unknown {
  const body = xml
    .replace(/<\?xml[^>]*\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  type Token = { text: string } | { close: boolean; name: string; empty: boolean };
  const tokens: Token[] = [...body.matchAll(/<(\/?)([A-Za-z]+)(\s[^>]*?)?(\/?)>|([^<]+)/g)]
    .map((m) =>
      m[5] !== undefined
        ? ({ text: m[5] } as Token)
        : ({ close: m[1] === '/', name: m[2]!, empty: m[4] === '/' } as Token),
    )
    .filter((t) => !('text' in t) || t.text.trim() !== '');
  let i = 0;
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  const textUntilClose = (name: string): string => {
    let text = '';
    while (i < tokens.length) {
      const t = tokens[i++]!;
      if ('text' in t) text += t.text;
      else if (t.close && t.name === name) return decode(text);
      else throw new Error(`unexpected <${t.name}> in <${name}>`);
    }
    throw new Error(`unclosed <${name}>`);
  };
  const value = (): unknown => {
    const t = tokens[i++];
    if (!t || 'text' in t || t.close) throw new Error('expected a value');
    switch (t.name) {
      case 'plist':
        return (() => {
          const v = value();
          i++;
          return v;
        })();
      case 'dict': {
        const out: Record<string, unknown> = {};
        if (t.empty) return out;
        for (;;) {
          const next = tokens[i]!;
          if (!('text' in next) && next.close && next.name === 'dict') {
            i++;
            return out;
          }
          i++;
          if ('text' in next || next.name !== 'key') throw new Error('expected <key>');
          const key = textUntilClose('key');
          out[key] = value();
        }
      }
      case 'array': {
        const out: unknown[] = [];
        if (t.empty) return out;
        for (;;) {
          const next = tokens[i]!;
          if (!('text' in next) && next.close && next.name === 'array') {
            i++;
            return out;
          }
          out.push(value());
        }
      }
      case 'string':
        return t.empty ? '' : textUntilClose('string');
      case 'integer':
      case 'real':
        return Number(textUntilClose(t.name));
      case 'true':
        return true;
      case 'false':
        return false;
      default:
        throw new Error(`unsupported plist element <${t.name}>`);
    }
  };
  return value();
}
