package io.isthmus.proxy.dispatcher;

/**
 * The health state of one gateway, as Kamailio's dispatcher shows it in {@code dispatcher.list}
 * (A/T/I/D).
 */
public enum GatewayState {
  /** Answering: selected. Kamailio {@code A}. */
  ACTIVE('A'),
  /**
   * Failures seen but fewer than the failure threshold: still selected, and probed in every probing
   * mode but {@link ProbingMode#FLAGGED}. Kamailio's "trying" ({@code T}); the ctl command calls it
   * probing.
   */
  PROBING('T'),
  /** Down (failure threshold reached, or a failed call): skipped until probes bring it back. */
  INACTIVE('I'),
  /** Disabled by the operator: never selected, never probed; only the operator re-enables it. */
  DISABLED('D');

  private final char letter;

  GatewayState(char letter) {
    this.letter = letter;
  }

  /** The letter Kamailio's RPC {@code dispatcher.list} prints for this state. */
  public char kamailioLetter() {
    return letter;
  }

  /** Whether selection may pick a gateway in this state (Kamailio's {@code !ds_skip_dst}). */
  public boolean selectable() {
    return this == ACTIVE || this == PROBING;
  }
}
