// Deny-by-default for everything a page could ask the browser for: permissions (camera,
// notifications, geolocation...), devices (USB, HID, serial, Bluetooth), screen capture.
// Applied to the main window's session and to the QR view's own session.
import type { Session } from 'electron';

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  session.on('will-download', (event) => event.preventDefault());
}
