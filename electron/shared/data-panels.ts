/** Reading a connection's panels by kind (the renderer, the tray and tests share it). */
import type { DataPanelKind, DataPanelView } from './view-types.ts';

export type PanelOfKind<K extends DataPanelKind> = Extract<DataPanelView, { kind: K }>;

/** The first panel of that kind, or null when the provider offers none. */
export function findPanel<K extends DataPanelKind>(panels: readonly DataPanelView[], kind: K): PanelOfKind<K> | null {
  return (panels.find((p) => p.kind === kind) as PanelOfKind<K> | undefined) ?? null;
}

/** Every panel loaded (and there is at least one). */
export function allPanelsOk(panels: readonly DataPanelView[]): boolean {
  return panels.length > 0 && panels.every((p) => p.result.ok);
}
