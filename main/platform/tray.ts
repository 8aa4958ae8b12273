// The tray (menu-bar) icon: status at a glance, open the window, sign out, quit.
import { Menu, Tray, nativeImage } from 'electron';
import type { Locale } from '../../shared/domain/errors/define.ts';
import { TRAY_ICON_COLOUR, TRAY_ICON_TEMPLATE } from './tray-icon.ts';
import { trayMenuModel, type TrayStatus } from './tray-menu.ts';

export interface TrayActions {
  open(): void;
  signOut(): void;
  quit(): void;
}

export interface TrayController {
  update(status: TrayStatus, options: { allowSignOut: boolean; locale: Locale }): void;
  destroy(): void;
}

export function createTray(actions: TrayActions): TrayController {
  const mac = process.platform === 'darwin';
  const icon = nativeImage.createFromDataURL(mac ? TRAY_ICON_TEMPLATE : TRAY_ICON_COLOUR);
  if (mac) icon.setTemplateImage(true);
  const tray = new Tray(icon.resize({ width: 16, height: 16 }));
  tray.on('click', () => actions.open());
  const handlers = { open: actions.open, 'sign-out': actions.signOut, quit: actions.quit };
  return {
    update(status, options) {
      const model = trayMenuModel(status, options);
      tray.setToolTip(model.tooltip);
      tray.setContextMenu(
        Menu.buildFromTemplate(
          model.items.flatMap((item, index) => [
            ...(index === 2 ? [{ type: 'separator' as const }] : []),
            {
              label: item.label,
              enabled: item.enabled,
              ...(item.id === 'status'
                ? {}
                : { click: () => handlers[item.id as keyof typeof handlers]() }),
            },
          ]),
        ),
      );
    },
    destroy: () => tray.destroy(),
  };
}
