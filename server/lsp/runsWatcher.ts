// When the saved runs are read again — on start, when the settings change (they name the runs
// folder), when run files change on disk — and whom to tell once they changed.
import type { WorkspaceConfig } from './workspaceConfig';
import type { WorkspaceRuns } from './workspaceRuns';

/** Run files change in bursts (a run saves after every repeat): re-read once they settle. */
const SETTLE_MS = 300;

export class RunsWatcher {
  /** Settled once the saved runs were first read (or that failed): requests about runs wait for it. */
  readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;
  private readonly listeners: (() => void | Promise<void>)[] = [];
  private reloadTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly runs: WorkspaceRuns,
    private readonly config: WorkspaceConfig,
    private readonly log: (line: string) => void,
  ) {
    this.ready = new Promise((resolve) => { this.markReady = resolve; });
  }

  /** Called, in order, after every change of the saved runs. */
  onChanged(listener: () => void | Promise<void>): void {
    this.listeners.push(listener);
  }

  /** Reads the settings, then the runs they point at. */
  async start(): Promise<void> {
    try {
      await this.config.load();
      this.log(this.config.describe());
      await this.reload();
    } finally {
      this.markReady();
    }
  }

  settingsChanged(): void {
    this.config.load().then(() => this.reload()).catch((e: unknown) => this.log(`settings: ${(e as Error).message}`));
  }

  /** Run files changed on disk (a CLI run, or this server's own incremental writes). */
  filesChanged(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reload().catch((e: unknown) => this.log(`reload failed: ${(e as Error).message}`));
    }, SETTLE_MS);
  }

  async reload(): Promise<void> {
    await this.runs.readFolders(this.config.runsDirs());
    this.log(`read ${this.runs.all().length} saved run(s) from ${this.config.runsDirs().join(', ') || '(no folder)'}`);
    await this.changed();
  }

  /** The saved runs changed (re-read, a run ended, one was deleted): tells every listener. */
  async changed(): Promise<void> {
    for (const l of this.listeners) await l();
  }
}
