package io.isthmus.proxy.core;

import io.isthmus.proxy.transaction.TransactionConfig;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the proxy core.
 *
 * @param transactions the transaction timers. Its {@link TransactionConfig#inviteNoResponse()} is
 *     the failover timeout: a gateway that sends nothing at all for that long (default 2 s) counts
 *     as failed and the call moves to the next gateway
 * @param maxForwards the Max-Forwards put on a forwarded request that had none (RFC 3261 §16.6 step
 *     3: 70)
 * @param supportedOptionTags option tags accepted in Proxy-Require (§16.3 step 5); default none
 */
public record ProxyConfig(
    TransactionConfig transactions, int maxForwards, Set<String> supportedOptionTags) {

  /** RFC 3261 §16.6 step 3. */
  public static final int DEFAULT_MAX_FORWARDS = 70;

  public static final ProxyConfig DEFAULTS =
      new ProxyConfig(TransactionConfig.DEFAULTS, DEFAULT_MAX_FORWARDS, Set.of());

  public ProxyConfig {
    Objects.requireNonNull(transactions, "transactions");
    supportedOptionTags = Set.copyOf(supportedOptionTags);
    if (maxForwards < 1 || maxForwards > 255) {
      throw new IllegalArgumentException("maxForwards outside 1..255: " + maxForwards);
    }
  }

  /** A copy with other transaction settings. */
  public ProxyConfig withTransactions(TransactionConfig t) {
    return new ProxyConfig(t, maxForwards, supportedOptionTags);
  }
}
