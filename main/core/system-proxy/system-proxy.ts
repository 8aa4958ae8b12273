// Points the OS (and so the browsers) at the local proxy's PAC file while the person is signed
// in, and puts the previous setting back on sign-out and quit. The previous setting is kept in
// the settings store before anything is changed: after a crash, the next start restores the
// person's own setting rather than "remembering" our dead PAC URL as theirs.
// IT can turn this off by policy (SystemProxyDisabled) when it configures browsers itself.
import { z } from 'zod';
import { ClientError, defineClientErrors } from '../client-error.ts';
import type { KeyValueStore } from '../settings.ts';

/** What was set before us, in the platform's own terms (stored as JSON). */
export const savedProxySettingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('macos'),
    services: z.array(z.object({ name: z.string(), url: z.string(), enabled: z.boolean() })),
  }),
  z.object({ kind: z.literal('windows'), autoConfigUrl: z.string().nullable() }),
  z.object({ kind: z.literal('gnome'), mode: z.string(), autoconfigUrl: z.string() }),
]);
export type SavedProxySetting = z.infer<typeof savedProxySettingSchema>;

/** One platform's way of reading, setting and restoring the automatic proxy configuration. */
export interface SystemProxySetter {
  read(): Promise<SavedProxySetting>;
  apply(pacUrl: string): Promise<void>;
  restore(saved: SavedProxySetting): Promise<void>;
}

export type SystemProxyStatus = 'off' | 'applied' | 'disabled_by_policy' | 'unsupported' | 'failed';

const SAVED_KEY = 'system-proxy.previous';

export const systemProxyErrors = defineClientErrors({
  SYSTEM_PROXY_FAILED: {
    message: {
      en: 'Gatehouse could not set the system proxy ({reason}); browsers may not reach internal applications.',
      'zh-CN': 'Gatehouse 无法设置系统代理（{reason}），浏览器可能无法访问内部应用。',
    },
    fix: {
      en: 'Ask IT to set the proxy auto-configuration (PAC) URL shown in Settings, or restart Gatehouse.',
      'zh-CN': '请联系 IT 设置“设置”中显示的代理自动配置（PAC）地址，或重启 Gatehouse。',
    },
  },
});

export class SystemProxyError extends ClientError<keyof typeof systemProxyErrors> {
  constructor(reason: string, cause?: unknown) {
    super('SYSTEM_PROXY_FAILED', systemProxyErrors.SYSTEM_PROXY_FAILED, {
      params: { reason: reason.slice(0, 200) },
      cause,
    });
    this.name = 'SystemProxyError';
  }
}

export interface SystemProxyDeps {
  /** undefined: this OS or shell has no setting we change (the browser bridge, KDE, ...). */
  setter: SystemProxySetter | undefined;
  store: KeyValueStore;
  /** IT's SystemProxyDisabled, read at each apply. */
  disabled: () => boolean;
}

export class SystemProxy {
  readonly #deps: SystemProxyDeps;
  #status: SystemProxyStatus = 'off';
  #error: ClientError | undefined;
  #appliedUrl: string | undefined;
  /** The PAC URL and map version last followed; undefined: nothing asked since a restore. */
  #followed: string | undefined;
  /** Applies and restores run one after another, never interleaved. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(deps: SystemProxyDeps) {
    this.#deps = deps;
    this.#status = this.#idle();
  }

  /** The status while nothing of ours is applied. */
  #idle(): SystemProxyStatus {
    if (this.#deps.disabled()) return 'disabled_by_policy';
    return this.#deps.setter ? 'off' : 'unsupported';
  }

  get status(): SystemProxyStatus {
    return this.#status;
  }
  get error(): ClientError | undefined {
    return this.#error;
  }
  get appliedUrl(): string | undefined {
    return this.#appliedUrl;
  }
  /** Whether the OS was pointed at us (or that was tried) since the last restore. */
  get following(): boolean {
    return this.#followed !== undefined;
  }

  /**
   * Applies pacUrl once per PAC URL and map version (browsers cache PAC files: a new map needs a
   * new apply, the same one does not, and a refusal is not retried on every call). Undefined
   * when there was nothing new to apply.
   */
  follow(pacUrl: string, mapVersion: string | undefined): Promise<SystemProxyStatus> | undefined {
    const key = `${pacUrl} ${mapVersion ?? ''}`;
    if (key === this.#followed) return undefined;
    this.#followed = key;
    return this.apply(pacUrl);
  }

  #serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(job, job);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Points the OS at pacUrl (again: browsers cache PAC files, a new map needs a new apply). */
  apply(pacUrl: string): Promise<SystemProxyStatus> {
    return this.#serial(async () => {
      const { setter, store } = this.#deps;
      if (this.#deps.disabled()) return this.#set('disabled_by_policy');
      if (!setter) return this.#set('unsupported');
      try {
        if (!savedProxySettingSchema.safeParse(store.get(SAVED_KEY)).success)
          store.set(SAVED_KEY, await setter.read());
        await setter.apply(pacUrl);
        this.#appliedUrl = pacUrl;
        return this.#set('applied');
      } catch (error) {
        return this.#set('failed', asSystemProxyError(error));
      }
    });
  }

  /**
   * Puts the setting from before the first apply back (also one left over by a crash). Safe to
   * call when nothing was applied.
   */
  restore(): Promise<SystemProxyStatus> {
    this.#followed = undefined;
    return this.#serial(async () => {
      const { setter, store } = this.#deps;
      const saved = savedProxySettingSchema.safeParse(store.get(SAVED_KEY));
      this.#appliedUrl = undefined;
      if (!setter || !saved.success) return this.#set(this.#idle());
      try {
        await setter.restore(saved.data);
        store.delete(SAVED_KEY);
        return this.#set(this.#idle());
      } catch (error) {
        return this.#set('failed', asSystemProxyError(error));
      }
    });
  }

  #set(status: SystemProxyStatus, error?: ClientError): SystemProxyStatus {
    this.#status = status;
    this.#error = error;
    return status;
  }
}

const asSystemProxyError = (error: unknown): ClientError =>
  error instanceof ClientError
    ? error
    : new SystemProxyError(String((error as Error)?.message ?? error), error);

/** Runs a tool and fails with its output when it exits non-zero. */
export async function mustRun(
  run: (file: string, args: string[]) => Promise<{ stdout: string; exitCode: number }>,
  file: string,
  args: string[],
): Promise<string> {
  const { stdout, exitCode } = await run(file, args);
  if (exitCode !== 0)
    throw new SystemProxyError(`${file} ${args[0] ?? ''} exited with ${exitCode}`);
  return stdout;
}
