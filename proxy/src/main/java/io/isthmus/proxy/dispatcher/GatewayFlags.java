package io.isthmus.proxy.dispatcher;

/**
 * The flags column of a Kamailio dispatcher list (bitmask, {@code dispatch.h}). They give the
 * initial state of a gateway; afterwards the {@link HealthMonitor} owns its state.
 */
public final class GatewayFlags {
  /** Inactive: not selected until probes bring it back. */
  public static final int INACTIVE = 1;

  /** Trying: failures counting towards inactive, still selected ({@link GatewayState#PROBING}). */
  public static final int TRYING = 2;

  /** Disabled by the administrator: never selected nor probed. */
  public static final int DISABLED = 4;

  /** Probing: send keepalive OPTIONS (what {@link ProbingMode#FLAGGED} probes). */
  public static final int PROBING = 8;

  /** Skip DNS A/AAAA at load (Kamailio); accepted and kept, Isthmus resolves nothing at load. */
  public static final int NO_DNS = 16;

  /** Never send keepalives to this gateway, whatever the probing mode. */
  public static final int NO_PING = 32;

  /** Every bit Kamailio 5.8 defines ({@code DS_STATES_ALL}). */
  public static final int ALL = 63;

  private GatewayFlags() {}

  /**
   * The state letters of {@code kamcmd dispatcher.set_state} and {@code ds_mark_dst} ({@code a}
   * active, {@code i} inactive, {@code d} disabled, {@code t} trying, {@code p} probing; any case,
   * combined as {@code ap}, optionally written {@code flags=ap}) as a bitmask; {@code a} adds no
   * bit. Null when {@code text} is not such letters.
   */
  public static Integer fromLetters(String text) {
    String letters = text.regionMatches(true, 0, "flags=", 0, 6) ? text.substring(6) : text;
    if (letters.isEmpty()) {
      return null;
    }
    int flags = 0;
    for (char c : letters.toCharArray()) {
      switch (Character.toLowerCase(c)) {
        case 'a' -> {}
        case 'i' -> flags |= INACTIVE;
        case 't' -> flags |= TRYING;
        case 'd' -> flags |= DISABLED;
        case 'p' -> flags |= PROBING;
        default -> {
          return null;
        }
      }
    }
    return flags;
  }

  /** The state a gateway starts in: disabled wins over inactive, inactive over trying. */
  public static GatewayState initialState(int flags) {
    if ((flags & DISABLED) != 0) {
      return GatewayState.DISABLED;
    }
    if ((flags & INACTIVE) != 0) {
      return GatewayState.INACTIVE;
    }
    if ((flags & TRYING) != 0) {
      return GatewayState.PROBING;
    }
    return GatewayState.ACTIVE;
  }
}
