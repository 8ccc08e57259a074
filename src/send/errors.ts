/** An unfinished run of the same kind and frequency (paused, or not) stands in a new run's way. */
export class RunInProgress extends Error {
  constructor(
    readonly runId: string,
    readonly paused = false,
  ) {
    super(
      paused
        ? `send run ${runId} of this kind is paused; resume it (gazette runs resume ${runId}) or cancel it (gazette runs cancel ${runId}) first`
        : `send run ${runId} of this kind is already unfinished; resume it`,
    );
    this.name = 'RunInProgress';
  }
}

/** An operator paused the run: only an operator's resume (or cancel) moves it on. */
export class RunPaused extends Error {
  constructor(readonly runId: string) {
    super(`send run ${runId} is paused; resume it first`);
    this.name = 'RunPaused';
  }
}
