// The client's copy of the scorecard: fetched from the server, refreshed on change notifications
// (debounced: a burst of edits makes one request), announced once per real change. No `vscode` here.
import type { Scorecard } from '../../../server/src/engine/scorecard/types';

export interface ScorecardSourceOptions {
  fetch(): Promise<Scorecard>;
  /** Quiet time after the last change before the scorecard is fetched again. */
  debounceMs: number;
  onError(error: unknown): void;
}

export class ScorecardSource {
  private current: Scorecard | undefined;
  private currentJson = '';
  private readonly listeners = new Set<(scorecard: Scorecard) => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** A scorecard a notification carried, used instead of fetching when the timer fires. */
  private offered: Scorecard | undefined;
  private inFlight: Promise<void> | undefined;
  private fetchAgain = false;
  /** Orders results: one that started before the last applied one is stale and dropped. */
  private started = 0;
  private applied = 0;

  constructor(private readonly options: ScorecardSourceOptions) {}

  get scorecard(): Scorecard | undefined {
    return this.current;
  }

  onDidChange(listener: (scorecard: Scorecard) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The scorecard may have changed: fetch it once things are quiet. */
  invalidate(): void {
    this.offered = undefined;
    this.schedule();
  }

  /** The server sent the new scorecard: use it once things are quiet. */
  offer(scorecard: Scorecard): void {
    this.offered = scorecard;
    this.schedule();
  }

  /** Fetch now (commands, first load); resolves when the scorecard is current. */
  async refresh(): Promise<Scorecard | undefined> {
    this.cancelTimer();
    await this.fetch();
    return this.current;
  }

  dispose(): void {
    this.cancelTimer();
    this.listeners.clear();
  }

  private schedule(): void {
    this.cancelTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const offered = this.offered;
      this.offered = undefined;
      if (offered) this.apply(offered, ++this.started);
      else void this.fetch();
    }, this.options.debounceMs);
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One request at a time; a change during a request fetches once more after it. */
  private fetch(): Promise<void> {
    if (this.inFlight) {
      this.fetchAgain = true;
      return this.inFlight;
    }
    const order = ++this.started;
    this.inFlight = this.options
      .fetch()
      .then(
        (scorecard) => this.apply(scorecard, order),
        (error: unknown) => this.options.onError(error),
      )
      .finally(() => {
        this.inFlight = undefined;
        if (this.fetchAgain) {
          this.fetchAgain = false;
          void this.fetch();
        }
      });
    return this.inFlight;
  }

  private apply(scorecard: Scorecard, order: number): void {
    if (order < this.applied) return;
    this.applied = order;
    const json = JSON.stringify(scorecard);
    if (json === this.currentJson) return;
    this.current = scorecard;
    this.currentJson = json;
    for (const listener of this.listeners) listener(scorecard);
  }
}
