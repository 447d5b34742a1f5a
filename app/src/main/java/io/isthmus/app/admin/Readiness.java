package io.isthmus.app.admin;

/**
 * Whether the start-up warm-up is done: {@code /health} answers {@code warming-up} (503) until it
 * is, so a load balancer or orchestrator sends no call to a process whose hot paths still run in
 * the interpreter. Written once by the starting thread, read by admin requests.
 */
public final class Readiness {
  private volatile boolean warmedUp;

  /** True once the warm-up finished (or was skipped). */
  public boolean warmedUp() {
    return warmedUp;
  }

  /** The warm-up is done: health may report ready. */
  public void markWarmedUp() {
    warmedUp = true;
  }
}
