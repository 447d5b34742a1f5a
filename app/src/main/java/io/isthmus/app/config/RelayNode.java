package io.isthmus.app.config;

import io.isthmus.ng.net.NgClientConfig;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * An external rtpengine-compatible relay the proxy drives over NG ({@code relay.nodes[]}).
 *
 * @param address the node's NG address ({@code listen-ng} over there)
 * @param weight its share of new calls relative to the other nodes (Kamailio's rtpengine set
 *     weight); at least 1
 */
public record RelayNode(InetSocketAddress address, int weight) {

  /** Key of the node's NG address (required). */
  public static final String KEY_ADDRESS = "address";

  /** Key of the weight; default 1: nodes share calls equally unless told otherwise. */
  public static final String KEY_WEIGHT = "weight";

  public static final int DEFAULT_WEIGHT = 1;

  /** The NG client settings for this node. */
  public NgClientConfig clientConfig(Duration timeout, int retries) {
    return NgClientConfig.of(address).withTimeout(timeout, retries);
  }
}
