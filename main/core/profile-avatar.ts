// The signed-in person's avatar as the renderer may show it: the profile's https URL fetched once
// by the client core (control-plane-http-image.ts) and kept as a data: URL. A failure is quiet:
// the UI shows initials and the next profile update tries again. Only the current URL's answer
// is kept, so a late answer for an older profile or a signed-out session never shows.
export interface ProfileAvatarDeps {
  /** Fetches the image as a data: URL (ControlPlaneHttp.fetchImage); undefined: no client. */
  fetch: (url: string) => Promise<string> | undefined;
  /** A data: URL arrived for the current avatar URL. */
  onLoaded: (url: string, dataUrl: string) => void;
}

export class ProfileAvatar {
  readonly #deps: ProfileAvatarDeps;
  #url: string | undefined;
  #dataUrl: string | undefined;

  constructor(deps: ProfileAvatarDeps) {
    this.#deps = deps;
  }

  /** The data: URL for this avatar URL when it is loaded; starts loading a new one. */
  dataUrlFor(url: string | null): string | undefined {
    if (url === null) {
      this.clear();
      return undefined;
    }
    if (url === this.#url) return this.#dataUrl;
    this.#url = url;
    this.#dataUrl = undefined;
    void this.#load(url);
    return undefined;
  }

  clear(): void {
    this.#url = undefined;
    this.#dataUrl = undefined;
  }

  async #load(url: string): Promise<void> {
    let dataUrl: string;
    try {
      const pending = this.#deps.fetch(url);
      if (!pending) return;
      dataUrl = await pending;
    } catch {
      // Unreachable CDN (offline at start), too big, not an image: initials for now, and the
      // next profile (a token refresh, minutes later) tries again.
      if (this.#url === url) this.#url = undefined;
      return;
    }
    if (this.#url !== url) return;
    this.#dataUrl = dataUrl;
    this.#deps.onLoaded(url, dataUrl);
  }
}
