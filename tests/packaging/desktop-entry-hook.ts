/**
 * electron-builder `afterPack` hook used only by the packaging smoke test (passed with
 * `-c.afterPack=<this file>`). The `dir` target writes no desktop entry, and the deb and AppImage
 * targets need tools downloaded from GitHub, so this hook asks electron-builder's own Linux helper for
 * the entry the deb package would install (linux options with the deb ones over them, as the deb
 * target does) and writes it, with its file name, as JSON to $OAUTH_DESK_DESKTOP_ENTRY_FILE.
 */
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AfterPackContext } from 'electron-builder';

interface LinuxTargetHelperLike {
  computeDesktopEntry(targetSpecificOptions: object): Promise<string>;
  getDesktopFileName(): string;
}
type LinuxTargetHelperClass = new (packager: AfterPackContext['packager']) => LinuxTargetHelperLike;

export default async function afterPack(context: AfterPackContext): Promise<void> {
  const destination = process.env['OAUTH_DESK_DESKTOP_ENTRY_FILE'];
  if (destination === undefined || destination === '') {
    throw new Error('OAUTH_DESK_DESKTOP_ENTRY_FILE is not set: this hook only serves tests/packaging.');
  }
  // The helper electron-builder itself loads (app-builder-lib, resolved from electron-builder).
  const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
  const { LinuxTargetHelper } = requireFromBuilder('app-builder-lib/out/targets/LinuxTargetHelper') as {
    LinuxTargetHelper: LinuxTargetHelperClass;
  };
  const helper = new LinuxTargetHelper(context.packager);
  const options = { ...context.packager.platformSpecificBuildOptions, ...context.packager.config.deb };
  const entry = await helper.computeDesktopEntry(options);
  await writeFile(destination, JSON.stringify({ fileName: `${helper.getDesktopFileName()}.desktop`, entry }));
}
