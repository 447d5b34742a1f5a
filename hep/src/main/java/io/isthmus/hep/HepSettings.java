package io.isthmus.hep;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where and how captures are sent.
 *
 * @param collector the HEP collector (Homer's heplify-server listens on UDP 9060)
 * @param captureId the capture agent id Homer shows for this node (HEP chunk 12)
 * @param authKey the collector's password (HEP chunk 14), or "" for none
 * @param queueCapacity packets that may wait for the sender thread; more are dropped and counted.
 *     Default {@value #DEFAULT_QUEUE}: a second of a busy proxy's signalling, so a short stall of
 *     the collector's socket loses nothing
 */
public record HepSettings(
    InetSocketAddress collector, int captureId, String authKey, int queueCapacity) {

  public static final int DEFAULT_QUEUE = 8192;

  public HepSettings {
    Objects.requireNonNull(collector, "collector");
    Objects.requireNonNull(authKey, "authKey (\"\" for none)");
    if (collector.isUnresolved()) {
      throw new IllegalArgumentException("collector must be an IP address: " + collector);
    }
    if (queueCapacity < 16) {
      throw new IllegalArgumentException("queueCapacity must be at least 16: " + queueCapacity);
    }
  }

  byte[] authKeyBytes() {
    return authKey.getBytes(StandardCharsets.UTF_8);
  }
}
