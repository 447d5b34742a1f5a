package io.isthmus.proxy.dispatcher;

/**
 * Gateway selection algorithms, numbered as Kamailio's {@code ds_select_dst(set, alg)} so a config
 * carried over keeps its numbers.
 */
public enum Algorithm {
  /** 0: hash of the Call-ID. */
  HASH_CALL_ID(0),
  /** 1: hash of the From URI (user + host, + port when not the default). */
  HASH_FROM_URI(1),
  /** 2: hash of the To URI (as 1). */
  HASH_TO_URI(2),
  /**
   * 5: hash of the caller's digest user name, as Kamailio's hash over the authorization user name;
   * round robin (the cursor of 4) for a caller who did not authenticate.
   */
  HASH_AUTH_USER(5),
  /** 4: round robin with a per-set cursor. */
  ROUND_ROBIN(4),
  /** 8: always the first gateway of the set (highest priority), failover in set order. */
  PRIORITY(8),
  /** 9: weight distribution from the {@code weight=} attributes (percent). */
  WEIGHT(9),
  /** 10: the gateway with the fewest active calls ({@code maxload=} caps, {@code duid=} shares). */
  CALL_LOAD(10);

  private final int number;

  Algorithm(int number) {
    this.number = number;
  }

  /** Kamailio's number for it. */
  public int number() {
    return number;
  }

  /** The algorithm with Kamailio number {@code n}. */
  public static Algorithm of(int n) {
    for (Algorithm a : values()) {
      if (a.number == n) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "dispatcher algorithm " + n + " is not supported (supported: 0, 1, 2, 4, 5, 8, 9, 10)");
  }
}
