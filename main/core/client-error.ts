// The error type of the client core. Each module declares its codes with a zh-CN and en message
// and, where the person can act on it, the fix; the UI shows code + message + fix, logs show the
// code and the params (which never carry a secret).
import type { Locale, LocalizedText } from '../../shared/domain/errors/define.ts';

export interface ClientErrorDefinition {
  message: LocalizedText;
  fix?: LocalizedText;
}

export type ClientErrorParams = Record<string, string | number>;

/** Keeps the literal codes of a module's error table while checking each entry's shape. */
export const defineClientErrors = <const T extends Record<string, ClientErrorDefinition>>(
  entries: T,
): T => entries;

export interface ClientErrorView {
  code: string;
  message: string;
  fix?: string;
}

const fill = (template: string, params: ClientErrorParams): string =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );

export class ClientError<C extends string = string> extends Error {
  readonly code: C;
  readonly params: ClientErrorParams;
  readonly #definition: ClientErrorDefinition;

  constructor(
    code: C,
    definition: ClientErrorDefinition,
    options: { params?: ClientErrorParams; cause?: unknown } = {},
  ) {
    super(fill(definition.message.en, options.params ?? {}), { cause: options.cause });
    this.name = 'ClientError';
    this.code = code;
    this.params = options.params ?? {};
    this.#definition = definition;
  }

  /** What a person reads: the message and the fix in their language. */
  describe(locale: Locale): ClientErrorView {
    const view: ClientErrorView = {
      code: this.code,
      message: fill(this.#definition.message[locale], this.params),
    };
    if (this.#definition.fix) view.fix = fill(this.#definition.fix[locale], this.params);
    return view;
  }
}
