/** Fakes of the Electron objects the main-process adapters take (no `electron` import). */

type Listener = (...args: never[]) => unknown;

export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    const list = this.listeners.get(event) ?? [];
    list.push(listener);
    this.listeners.set(event, list);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapped = ((...args: never[]) => {
      this.off(event, wrapped);
      return listener(...args);
    }) as Listener;
    return this.on(event, wrapped);
  }
  off(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of [...(this.listeners.get(event) ?? [])]) (l as (...a: unknown[]) => unknown)(...args);
  }
  count(event: string): number {
    return (this.listeners.get(event) ?? []).length;
  }
}

export interface FakeNavigationEvent {
  readonly url: string;
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function navEvent(url: string): FakeNavigationEvent {
  return {
    url,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

export type BeforeRequestListener = (
  details: { url: string; resourceType?: string },
  callback: (response: { cancel?: boolean }) => void,
) => void;

export class FakeSession {
  permissionRequestHandler: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | null = null;
  permissionCheckHandler: ((wc: unknown, permission: string) => boolean) | null = null;
  beforeRequest: BeforeRequestListener | null = null;
  cleared = 0;
  readonly webRequest = {
    onBeforeRequest: (listener: BeforeRequestListener) => {
      this.beforeRequest = listener;
    },
  };
  setPermissionRequestHandler(handler: (wc: unknown, permission: string, cb: (granted: boolean) => void) => void): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: (wc: unknown, permission: string) => boolean): void {
    this.permissionCheckHandler = handler;
  }
  async clearStorageData(): Promise<void> {
    this.cleared += 1;
  }
  /** Runs a request through onBeforeRequest; returns what the listener answered. */
  request(url: string, resourceType = 'mainFrame'): { cancel?: boolean } {
    let answer: { cancel?: boolean } | undefined;
    this.beforeRequest?.({ url, resourceType }, (r) => {
      answer = r;
    });
    if (answer === undefined) throw new Error('onBeforeRequest listener did not answer');
    return answer;
  }
}

export class FakeWebContents extends FakeEmitter {
  readonly session = new FakeSession();
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' | 'allow' }) | null = null;
  destroyed = false;
  url = '';
  loading = false;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.url;
  }
  isLoading(): boolean {
    return this.loading;
  }
  /** Finishes a load of `url` the way Electron reports it. */
  finishLoad(url: string): void {
    this.url = url;
    this.loading = false;
    this.emit('did-finish-load');
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  /** Emits a navigation event the way Electron does and says whether it was blocked. */
  navigate(kind: 'will-navigate' | 'will-redirect', url: string): boolean {
    const e = navEvent(url);
    this.emit(kind, e);
    return e.defaultPrevented;
  }
}

export class FakeWindow extends FakeEmitter {
  readonly webContents = new FakeWebContents();
  readonly loaded: string[] = [];
  destroyed = false;
  shown = 0;
  focused = 0;
  minimized = false;
  restored = 0;
  hidden = 0;
  visible = false;
  fullScreen = false;
  closeCalls = 0;
  loadResult: Promise<void> = Promise.resolve();
  readonly options: unknown;
  constructor(options: unknown) {
    super();
    this.options = options;
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.webContents.loading = true;
    return this.loadResult;
  }
  /** Like BrowserWindow.close(): emits a preventable 'close' first; destroyed only if not prevented. */
  close(): void {
    this.closeCalls += 1;
    if (this.destroyed) return;
    let prevented = false;
    this.emit('close', { preventDefault: () => void (prevented = true) });
    if (prevented) return;
    this.destroy();
  }
  /** Like BrowserWindow.destroy(): no 'close' event, straight to 'closed'. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  show(): void {
    this.shown += 1;
    this.visible = true;
  }
  hide(): void {
    this.hidden += 1;
    this.visible = false;
  }
  isFullScreen(): boolean {
    return this.fullScreen;
  }
  setFullScreen(flag: boolean): void {
    if (this.fullScreen === flag) return;
    this.fullScreen = flag;
    this.emit(flag ? 'enter-full-screen' : 'leave-full-screen');
  }
  focus(): void {
    this.focused += 1;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.restored += 1;
    this.minimized = false;
  }
}

export interface LogEntry {
  level: string;
  message: string;
  fields: Record<string, unknown> | undefined;
}

export function recordingLogger(): {
  entries: LogEntry[];
  info(m: string, f?: Record<string, string | number | boolean | null>): void;
  warn(m: string, f?: Record<string, string | number | boolean | null>): void;
  error(m: string, f?: Record<string, string | number | boolean | null>): void;
} {
  const entries: LogEntry[] = [];
  return {
    entries,
    info: (message, fields) => void entries.push({ level: 'info', message, fields }),
    warn: (message, fields) => void entries.push({ level: 'warn', message, fields }),
    error: (message, fields) => void entries.push({ level: 'error', message, fields }),
  };
}

/**
 * A window with bounds, like a BrowserWindow for the window-state keeper: setBounds and user moves
 * emit 'move'/'resize', maximize keeps the normal bounds (getNormalBounds) apart from the screen-filling ones.
 */
export class FakeStatefulWindow extends FakeWindow {
  normalBounds = { x: 0, y: 0, width: 1100, height: 760 };
  maximized = false;
  readonly setBoundsCalls: Array<{ x: number; y: number; width: number; height: number }> = [];
  setBounds(bounds: { x: number; y: number; width: number; height: number }): void {
    this.setBoundsCalls.push({ ...bounds });
    this.normalBounds = { ...bounds };
    this.emit('move');
    this.emit('resize');
  }
  /** The person drags or resizes the window. */
  userMoves(bounds: { x: number; y: number; width: number; height: number }): void {
    this.normalBounds = { ...bounds };
    this.emit('move');
    this.emit('resize');
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { ...this.normalBounds };
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    if (this.maximized) return;
    this.maximized = true;
    this.emit('maximize');
    this.emit('resize');
  }
  unmaximize(): void {
    if (!this.maximized) return;
    this.maximized = false;
    this.emit('unmaximize');
    this.emit('resize');
  }
  prependOnceListener(event: string, listener: () => void): this {
    const wrapped = () => {
      this.off(event, wrapped);
      listener();
    };
    this.listeners.set(event, [wrapped, ...(this.listeners.get(event) ?? [])]);
    return this;
  }
}
